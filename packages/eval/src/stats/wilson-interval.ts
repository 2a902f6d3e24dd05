import { normalQuantile } from './normal-quantile'

/** A proportion with its confidence interval, all in 0..1. */
export interface ProportionInterval {
  estimate: number
  low: number
  high: number
}

/**
 * Wilson score interval for a binomial proportion: well behaved near 0 and 1 and for small n,
 * unlike the normal (Wald) interval. `successes` may be fractional (weighted pass rates).
 * With n = 0 there is no information: estimate 0, interval [0, 1].
 * @example wilsonInterval(8, 10) // { estimate: 0.8, low: 0.4902, high: 0.9433 } (rounded)
 */
export function wilsonInterval(
  successes: number,
  n: number,
  confidence = 0.95,
): ProportionInterval {
  if (!(n >= 0) || !Number.isFinite(n))
    throw new RangeError(`wilsonInterval: n must be ≥ 0, got ${n}`)
  if (!(successes >= 0 && successes <= n)) {
    throw new RangeError(`wilsonInterval: successes must be in [0, n], got ${successes} of ${n}`)
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`wilsonInterval: confidence must be in (0, 1), got ${confidence}`)
  }
  if (n === 0) return { estimate: 0, low: 0, high: 1 }
  const z = normalQuantile(1 - (1 - confidence) / 2)
  const p = successes / n
  const z2n = (z * z) / n
  const denominator = 1 + z2n
  const center = (p + z2n / 2) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / denominator
  // Clamp away floating-point dust so 0/n gives exactly 0 and n/n exactly 1.
  return {
    estimate: p,
    low: p === 0 ? 0 : Math.max(0, center - half),
    high: p === 1 ? 1 : Math.min(1, center + half),
  }
}
