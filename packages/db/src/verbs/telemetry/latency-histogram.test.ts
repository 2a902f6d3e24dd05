import { describe, expect, it } from 'vitest'
import {
  addToHistogram,
  histogramQuantile,
  LATENCY_MAX_BUCKET,
  type LatencyHistogram,
  latencyBucket,
  latencyBucketBounds,
  mergeHistogram,
  trimHistogram,
} from './latency-histogram'

/** The exact quantile of a sample, nearest rank. */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number
}

function histogramOf(values: number[]): LatencyHistogram {
  const hist: LatencyHistogram = new Map()
  for (const v of values) addToHistogram(hist, latencyBucket(v))
  return hist
}

describe('latency histogram', () => {
  it('puts every latency in the bucket whose bounds contain it', () => {
    for (const ms of [0, 0.3, 1, 1.05, 2, 3.7, 42, 999.9, 1000, 12_345, 3_600_000]) {
      const [low, high] = latencyBucketBounds(latencyBucket(ms))
      expect(ms).toBeGreaterThanOrEqual(low)
      expect(ms).toBeLessThan(high)
    }
    expect(latencyBucket(1000)).toBe(80)
    expect(latencyBucket(10 * 3_600_000)).toBe(LATENCY_MAX_BUCKET)
    expect(latencyBucketBounds(LATENCY_MAX_BUCKET)[1]).toBe(Number.POSITIVE_INFINITY)
  })

  it('estimates p50 and p95 within one bucket (about 9 %) of the exact values', () => {
    let seed = 7
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed / 2 ** 31
    }
    // Log-normal-ish latencies around 800 ms with a slow tail.
    const values = Array.from({ length: 5000 }, () => 800 * Math.exp(random() * 1.5 - 0.5))
    const hist = histogramOf(values)
    for (const q of [0.5, 0.95]) {
      const estimate = histogramQuantile(hist, q) as number
      const exact = exactQuantile(values, q)
      expect(Math.abs(Math.log2(estimate / exact))).toBeLessThanOrEqual(1 / 8)
    }
  })

  it('merges by adding counts, so merged quantiles equal those of the union', () => {
    const a = [5, 6, 7, 100, 120]
    const b = [8, 9, 200, 210, 220, 230]
    const merged = histogramOf(a)
    mergeHistogram(merged, histogramOf(b))
    expect(merged).toEqual(histogramOf([...a, ...b]))
    expect(histogramQuantile(merged, 0.5)).toBe(histogramQuantile(histogramOf([...a, ...b]), 0.5))
  })

  it('stores histograms trimmed to the buckets in use', () => {
    const hist = histogramOf([10, 10, 40])
    const { lo, counts } = trimHistogram(hist)
    expect(lo).toBe(latencyBucket(10))
    expect(counts[0]).toBe(2)
    expect(counts.at(-1)).toBe(1)
    expect(counts.length).toBe(latencyBucket(40) - latencyBucket(10) + 1)
    expect(trimHistogram(new Map())).toEqual({ lo: 0, counts: [] })
  })

  it('has no quantile without observations', () => {
    expect(histogramQuantile(new Map(), 0.5)).toBeNull()
  })
})
