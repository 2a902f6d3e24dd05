import { describe, expect, it } from 'vitest'
import { createTerminalLogger } from './terminal-logger'

const at = new Date(2026, 11, 4, 17, 5, 9)

describe('createTerminalLogger', () => {
  it('writes a request as one short line and other entries with their fields, never JSON', () => {
    const lines: string[] = []
    const logger = createTerminalLogger({
      level: 'info',
      write: (l) => lines.push(l),
      now: () => at,
    })
    logger.info('request', {
      requestId: 'r1',
      method: 'GET',
      route: '/v1/prompts/:name',
      status: 200,
      durationMs: 1.4,
    })
    logger.warn('unleash unreachable; resolve answers from labels', { error: new Error('down') })
    logger.debug('not shown at info')
    expect(lines).toEqual([
      '17:05:09  GET /v1/prompts/:name 200 1.4 ms\n',
      '17:05:09  warn  unleash unreachable; resolve answers from labels  error="down"\n',
    ])
  })
})
