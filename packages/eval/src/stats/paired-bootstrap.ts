import { mulberry32 } from './prng'

export interface PairedBootstrapOptions {
  /** Resamples; 10,000 by default. */
  iterations?: number
  /** Two-sided confidence of the interval; 0.95 by default. */
  confidence?: number
  /** PRNG seed. Fixed by default, so the same data always gives the same interval. */
  seed?: number
}

/** Mean of candidate − baseline with a percentile bootstrap interval. */
export interface MeanDifference {
  meanDiff: number
  low: number
  high: number
}

/** The seed used when none is given: CI runs must be reproducible. */
export const DEFAULT_BOOTSTRAP_SEED = 0x5eed

/** Quantile of sorted values with linear interpolation (Hyndman–Fan type 7, R's default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q
  const lower = Math.floor(position)
  const upper = Math.min(lower + 1, sorted.length - 1)
  const a = sorted[lower] ?? 0
  const b = sorted[upper] ?? 0
  return a + (b - a) * (position - lower)
}

/**
 * Paired bootstrap over cases: resample case indices with replacement, take the mean of the
 * per-case differences (candidate − baseline), and read the interval off the percentiles of
 * those means. Pairs stay together, so case difficulty cancels out.
 * @example pairedBootstrap([0.5, 0.7, 0.9], [0.6, 0.7, 1], { seed: 1 }) // { meanDiff: 0.0667, low: 0, high: 0.1 }
 */
export function pairedBootstrap(
  baseline: readonly number[],
  candidate: readonly number[],
  options: PairedBootstrapOptions = {},
): MeanDifference {
  const { iterations = 10_000, confidence = 0.95, seed = DEFAULT_BOOTSTRAP_SEED } = options
  if (baseline.length !== candidate.length) {
    throw new RangeError(
      `pairedBootstrap: baseline has ${baseline.length} values but candidate has ${candidate.length}; pairs must line up`,
    )
  }
  const n = baseline.length
  if (n === 0) throw new RangeError('pairedBootstrap: needs at least one pair')
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(
      `pairedBootstrap: iterations must be a positive integer, got ${iterations}`,
    )
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`pairedBootstrap: confidence must be in (0, 1), got ${confidence}`)
  }
  const diffs = new Float64Array(n)
  let total = 0
  for (let i = 0; i < n; i++) {
    const d = (candidate[i] ?? 0) - (baseline[i] ?? 0)
    if (!Number.isFinite(d))
      throw new RangeError(`pairedBootstrap: pair ${i} is not a finite number`)
    diffs[i] = d
    total += d
  }
  const random = mulberry32(seed)
  const means = new Float64Array(iterations)
  for (let it = 0; it < iterations; it++) {
    let sum = 0
    for (let j = 0; j < n; j++) sum += diffs[Math.floor(random() * n)] ?? 0
    means[it] = sum / n
  }
  means.sort()
  const tail = (1 - confidence) / 2
  return {
    meanDiff: total / n,
    low: quantileSorted(means, tail),
    high: quantileSorted(means, 1 - tail),
  }
}
