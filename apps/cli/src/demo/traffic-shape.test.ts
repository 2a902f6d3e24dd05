import { describe, expect, it } from 'vitest'
import { createSampler } from './sampling'
import { backfillTimes, dailyTraffic, expectedRequests } from './traffic-shape'

const DAY = 86_400_000
const at = (hour: number) => new Date(2026, 0, 15, hour, 0).getTime()

describe('the daily traffic shape', () => {
  it('peaks in the afternoon and is quiet at night', () => {
    expect(dailyTraffic(at(14))).toBeCloseTo(1, 5)
    expect(dailyTraffic(at(3))).toBeLessThan(0.2)
    expect(dailyTraffic(at(10))).toBeGreaterThan(dailyTraffic(at(6)))
  })

  it('backfills exactly the count asked, ascending, inside the window, busier by day', () => {
    const to = at(23)
    const times = backfillTimes(5000, to - DAY, to, createSampler(3))
    expect(times).toHaveLength(5000)
    expect(times.every((t, i) => i === 0 || (times[i - 1] as number) <= t)).toBe(true)
    expect(times[0]).toBeGreaterThanOrEqual(to - DAY)
    expect(times.at(-1)).toBeLessThan(to)
    const inHour = (h: number) => times.filter((t) => new Date(t).getHours() === h).length
    expect(inHour(14)).toBeGreaterThan(4 * inHour(3))
  })

  it('sizes the backfill to the live rate, so the history and live traffic line up', () => {
    const day = expectedRequests(at(0) - DAY, at(0), 1)
    // ≈ 0.44 of a day at the peak rate.
    expect(day).toBeGreaterThan(35_000)
    expect(day).toBeLessThan(42_000)
    expect(Math.abs(expectedRequests(at(0) - DAY, at(0), 2) - 2 * day)).toBeLessThanOrEqual(1)
    expect(expectedRequests(at(5), at(5), 1)).toBe(0)
  })
})
