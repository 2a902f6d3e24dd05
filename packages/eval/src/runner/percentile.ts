/**
 * The p-th percentile (0..100) of a non-empty list, interpolating linearly between the two
 * nearest ranks (the numpy default), so p50 of [10, 20] is 15.
 * @example percentile([12, 30, 18, 95], 95) // 85.25
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  const a = sorted[low] as number
  const b = sorted[high] as number
  return a + (b - a) * (rank - low)
}
