/**
 * Seeded draws for the demo's simulated model and traffic: the same seed gives the same day.
 * @module
 */
import { mulberry32 } from '@canon/eval'

/** A seeded source of the few distributions the demo needs. */
export interface Sampler {
  /** Uniform in [0, 1). */
  next(): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** An integer in [0, n). */
  int(n: number): number
  /** A log-normal draw with this median; `sigma` is the spread of its logarithm. */
  logNormal(median: number, sigma: number): number
  /** A normal draw. */
  normal(mean: number, sd: number): number
  /** Waiting time between events of a Poisson process with `rate` per unit. */
  exponential(rate: number): number
  /** One of `items`, chosen by `weight`. */
  weighted<T extends { weight: number }>(items: readonly T[]): T
}

/**
 * @example const s = createSampler(42); s.logNormal(900, 0.35) // ≈ 900 half the time below
 */
export function createSampler(seed: number): Sampler {
  const next = mulberry32(seed)
  const normal = (mean: number, sd: number) => {
    // Box–Muller; 1 - u keeps the logarithm finite.
    const u = 1 - next()
    const v = next()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
  return {
    next,
    chance: (p) => next() < p,
    int: (n) => Math.floor(next() * n),
    logNormal: (median, sigma) => median * Math.exp(normal(0, sigma)),
    normal,
    exponential: (rate) => -Math.log(1 - next()) / rate,
    weighted(items) {
      const total = items.reduce((sum, item) => sum + item.weight, 0)
      let left = next() * total
      for (const item of items) {
        left -= item.weight
        if (left < 0) return item
      }
      return items[items.length - 1] as (typeof items)[number]
    },
  }
}
