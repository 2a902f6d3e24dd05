/**
 * Latency histograms over fixed log-spaced buckets, 8 per doubling of milliseconds (each bucket
 * about 9 % wide): bucket 0 is [0, 1 ms), bucket b in 1..192 is [2^((b-1)/8), 2^(b/8)) ms and
 * bucket 193 holds everything from 2^24 ms (4.7 h) up. The SQL function `canon_latency_bucket`
 * (migration `0003`) computes the same bucket.
 *
 * Histograms merge by adding counts, so percentiles over any set of rollup rows come from the
 * merged histogram: exact to the bucket (interpolated inside it), never from raw rows.
 * @module
 */

/** Buckets per doubling of latency. */
export const LATENCY_BUCKETS_PER_DOUBLING = 8
/** The last bucket: latencies of 2^24 ms and more. */
export const LATENCY_MAX_BUCKET = 1 + 24 * LATENCY_BUCKETS_PER_DOUBLING

/** Bucket → count; absent buckets are zero. */
export type LatencyHistogram = Map<number, number>

/**
 * The bucket of a latency in milliseconds.
 * @example latencyBucket(0.5) // 0
 * @example latencyBucket(1000) // 80 (1000 ms is in [2^(79/8), 2^(80/8)) = [942, 1024))
 */
export function latencyBucket(ms: number): number {
  if (!(ms >= 1)) return 0
  const b = 1 + Math.floor((LATENCY_BUCKETS_PER_DOUBLING * Math.log(ms)) / Math.LN2)
  return Math.min(b, LATENCY_MAX_BUCKET)
}

/** `[low, high)` milliseconds of a bucket (high is Infinity for the last one). */
export function latencyBucketBounds(bucket: number): [number, number] {
  if (bucket <= 0) return [0, 1]
  const low = 2 ** ((bucket - 1) / LATENCY_BUCKETS_PER_DOUBLING)
  if (bucket >= LATENCY_MAX_BUCKET) return [low, Number.POSITIVE_INFINITY]
  return [low, 2 ** (bucket / LATENCY_BUCKETS_PER_DOUBLING)]
}

/** Adds `count` observations to a bucket. */
export function addToHistogram(hist: LatencyHistogram, bucket: number, count = 1): void {
  hist.set(bucket, (hist.get(bucket) ?? 0) + count)
}

/** Adds every bucket of `other` into `into`. */
export function mergeHistogram(into: LatencyHistogram, other: LatencyHistogram): void {
  for (const [bucket, count] of other) addToHistogram(into, bucket, count)
}

/**
 * The stored form: `{ lo, counts }` where `counts[k]` is bucket `lo + k` (zeros inside the span,
 * none outside it).
 */
export function trimHistogram(hist: LatencyHistogram): { lo: number; counts: number[] } {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const [bucket, count] of hist) {
    if (count <= 0) continue
    if (bucket < lo) lo = bucket
    if (bucket > hi) hi = bucket
  }
  if (lo > hi) return { lo: 0, counts: [] }
  const counts = new Array<number>(hi - lo + 1).fill(0)
  for (const [bucket, count] of hist) if (count > 0) counts[bucket - lo] = count
  return { lo, counts }
}

/**
 * The latency at quantile `q` (0..1) of a histogram, interpolated geometrically inside its
 * bucket (linearly in bucket 0); null for an empty histogram. The true value lies in the same
 * bucket, so the estimate is within one bucket width (about 9 %).
 * @example histogramQuantile(hist, 0.95)
 */
export function histogramQuantile(hist: LatencyHistogram, q: number): number | null {
  let total = 0
  for (const count of hist.values()) total += count
  if (total <= 0) return null
  const buckets = [...hist.keys()].filter((b) => (hist.get(b) ?? 0) > 0).sort((a, b) => a - b)
  const rank = Math.min(Math.max(q, 0), 1) * total
  let seen = 0
  for (const bucket of buckets) {
    const count = hist.get(bucket) ?? 0
    if (seen + count >= rank) {
      const fraction = count > 0 ? (rank - seen) / count : 0
      const [low, high] = latencyBucketBounds(bucket)
      if (!Number.isFinite(high)) return low
      if (bucket === 0) return low + (high - low) * fraction
      return low * (high / low) ** fraction
    }
    seen += count
  }
  const last = buckets.at(-1) ?? 0
  return latencyBucketBounds(last)[0]
}
