/** Evenly spaced, round tick values covering a range. */
export interface NiceTicks {
  /** Tick values, ascending; the first and last are the axis ends. */
  ticks: number[]
  /** The distance between ticks: 1, 2 or 5 × 10^k. */
  step: number
}

/**
 * Round ticks (about `count` steps of 1, 2 or 5 × 10^k) from at or below `min` to at or above
 * `max`, optionally kept inside `clamp` (rates stay within 0..1).
 * @example niceTicks(0.12, 0.87) // { ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 }
 */
export function niceTicks(
  min: number,
  max: number,
  count = 4,
  clamp: [number, number] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
): NiceTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [], step: 1 }
  if (max < min) [min, max] = [max, min]
  const span = max - min || Math.abs(max) || 1
  const raw = span / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power
  const lo = Math.max(clamp[0], Math.floor(min / step) * step)
  const hi = Math.min(clamp[1], Math.ceil(max / step) * step)
  const ticks: number[] = []
  // Whole multiples of the step, so 0.1 + 0.2 never prints as 0.30000000000000004.
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) {
    ticks.push(Number((i * step).toPrecision(12)))
  }
  if (ticks.length < 2) return { ticks: [lo, hi], step: hi - lo || step }
  return { ticks, step }
}
