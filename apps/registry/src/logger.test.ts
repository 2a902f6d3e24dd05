import { describe, expect, it } from 'vitest'
import { createJsonLogger } from './logger'

describe('createJsonLogger', () => {
  const capture = (level: 'info' | 'warn' = 'info') => {
    const lines: string[] = []
    const logger = createJsonLogger({
      level,
      write: (line) => lines.push(line),
      now: () => new Date('2026-01-02T03:04:05.000Z'),
    })
    return { logger, lines }
  }

  it('writes one JSON object per line with level, time, msg and the fields', () => {
    const { logger, lines } = capture()
    logger.info('request', { requestId: 'r1', status: 200, route: '/v1/x "quoted"' })
    logger.info('bare')
    expect(lines).toHaveLength(2)
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(
      true,
    )
    expect(JSON.parse(lines[0] as string)).toEqual({
      level: 'info',
      time: '2026-01-02T03:04:05.000Z',
      msg: 'request',
      requestId: 'r1',
      status: 200,
      route: '/v1/x "quoted"',
    })
    expect(JSON.parse(lines[1] as string)).toEqual({
      level: 'info',
      time: '2026-01-02T03:04:05.000Z',
      msg: 'bare',
    })
  })

  it('keeps the name, message and stack of errors, and survives unserializable fields', () => {
    const { logger, lines } = capture()
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    logger.error('request failed', { error: new TypeError('boom') })
    logger.error('odd', { cyclic })
    const failed = JSON.parse(lines[0] as string)
    expect(failed.error).toMatchObject({ name: 'TypeError', message: 'boom' })
    expect(failed.error.stack).toContain('TypeError: boom')
    expect(JSON.parse(lines[1] as string)).toMatchObject({ level: 'error', msg: 'odd' })
  })

  it('drops entries below the level', () => {
    const { logger, lines } = capture('warn')
    logger.debug('d')
    logger.info('i')
    logger.warn('w')
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['w'])
  })
})
