import { isCanonError } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { resolveRange, splitRange } from './time-range'

const at = (iso: string) => new Date(iso).getTime()

describe('time ranges', () => {
  it('resolves a range to whole minutes, widening it', () => {
    const r = resolveRange({
      from: new Date('2026-03-01T09:17:42Z'),
      to: new Date('2026-03-02T11:00:01Z'),
    })
    expect(new Date(r.fromMs).toISOString()).toBe('2026-03-01T09:17:00.000Z')
    expect(new Date(r.toMs).toISOString()).toBe('2026-03-02T11:01:00.000Z')
  })

  it('rejects empty, reversed and overlong ranges', () => {
    for (const [from, to] of [
      ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'],
      ['2026-03-02T10:00:00Z', '2026-03-01T10:00:00Z'],
      ['2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
    ] as const) {
      let error: unknown
      try {
        resolveRange({ from: new Date(from), to: new Date(to) })
      } catch (err) {
        error = err
      }
      expect(isCanonError(error) && error.code).toBe('BAD_REQUEST')
    }
  })

  it('reads whole days and hours, and minutes only at the edges', () => {
    const segments = splitRange(at('2026-03-01T09:17:00Z'), at('2026-03-03T11:05:00Z'), 86_400)
    expect(
      segments.map((s) => [
        s.width,
        new Date(s.startMs).toISOString().slice(0, 16),
        new Date(s.endMs).toISOString().slice(0, 16),
      ]),
    ).toEqual([
      [60, '2026-03-01T09:17', '2026-03-01T10:00'],
      [3600, '2026-03-01T10:00', '2026-03-02T00:00'],
      [86400, '2026-03-02T00:00', '2026-03-03T00:00'],
      [3600, '2026-03-03T00:00', '2026-03-03T11:00'],
      [60, '2026-03-03T11:00', '2026-03-03T11:05'],
    ])
  })

  it('uses only rollups no wider than the series bucket', () => {
    const segments = splitRange(at('2026-03-01T09:00:00Z'), at('2026-03-01T12:00:00Z'), 300)
    expect(segments).toEqual([
      { width: 60, startMs: at('2026-03-01T09:00:00Z'), endMs: at('2026-03-01T12:00:00Z') },
    ])
  })
})
