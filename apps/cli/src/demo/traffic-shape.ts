/**
 * When the simulated users call: a support team's day, busy in the afternoon and quiet at night
 * (local time), so the backfilled charts look like a real service's.
 * @module
 */
import type { Sampler } from './sampling'

/**
 * Relative traffic at a moment, in (0, 1]: a night floor of 0.12 and a bump peaking at 14:00
 * local time.
 */
export function dailyTraffic(atMs: number): number {
  const date = new Date(atMs)
  const hour = date.getHours() + date.getMinutes() / 60
  const fromPeak = Math.min(Math.abs(hour - 14), 24 - Math.abs(hour - 14))
  return 0.12 + 0.88 * Math.exp(-(fromPeak * fromPeak) / (2 * 3.5 * 3.5))
}

/**
 * `count` start times in [fromMs, toMs), ascending, drawn with the density of `dailyTraffic`
 * (rejection sampling: uniform times kept with probability `dailyTraffic(t)`).
 * @example backfillTimes(3000, Date.now() - 86_400_000, Date.now(), createSampler(1))
 */
export function backfillTimes(
  count: number,
  fromMs: number,
  toMs: number,
  sampler: Sampler,
): number[] {
  const times: number[] = []
  if (!(toMs > fromMs)) return times
  while (times.length < count) {
    const t = fromMs + sampler.next() * (toMs - fromMs)
    if (sampler.next() < dailyTraffic(t)) times.push(Math.floor(t))
  }
  return times.sort((a, b) => a - b)
}

/**
 * How many requests arrive in [fromMs, toMs) when the rate is `peakPerSecond × dailyTraffic`:
 * the backfill's size that matches the live traffic, so the charts show no step at "now".
 * @example expectedRequests(Date.now() - 86_400_000, Date.now(), 1) // ≈ 38 000
 */
export function expectedRequests(fromMs: number, toMs: number, peakPerSecond: number): number {
  const step = 60_000
  let total = 0
  for (let t = fromMs; t < toMs; t += step) {
    total += dailyTraffic(t) * (Math.min(step, toMs - t) / 1000)
  }
  return Math.round(total * peakPerSecond)
}
