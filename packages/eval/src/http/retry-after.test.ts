import { describe, expect, it } from 'vitest'
import { backoffDelay, retryAfterMs } from './retry-after'

describe('retryAfterMs', () => {
  it('reads seconds, fractional seconds and retry-after-ms (which wins)', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000)
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }))).toBe(500)
    expect(retryAfterMs(new Headers({ 'retry-after': '20', 'retry-after-ms': '150' }))).toBe(150)
  })

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:03 GMT' }), now)).toBe(
      3000,
    )
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:27:00 GMT' }), now)).toBe(
      0,
    )
  })

  it('ignores absent or unreadable values', () => {
    expect(retryAfterMs(new Headers())).toBeUndefined()
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined()
    expect(retryAfterMs(new Headers({ 'retry-after': '-1' }))).toBeUndefined()
  })
})

describe('backoffDelay', () => {
  const opts = { baseDelayMs: 500, maxDelayMs: 4000, random: () => 0.999 }
  it('doubles the ceiling per attempt up to the maximum (full jitter below it)', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, opts))).toEqual([499, 999, 1998, 3996, 3996])
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(0)
  })
})
