import type { MetricsPoint } from '../api/types'

/** A metric's time series, one line per version, aligned on shared bucket times. */
export interface VersionSeries {
  /** Bucket starts, seconds since the epoch, ascending. */
  x: number[]
  /** Versions present, ascending. */
  versions: number[]
  /** version → values aligned with `x` (null where that version had no data). */
  values: (pick: (p: MetricsPoint) => number | null) => Map<number, (number | null)[]>
}

/** Aligns the metrics API's `series` rows (one per bucket and version) on shared times. */
export function seriesByVersion(points: MetricsPoint[]): VersionSeries {
  const times = [...new Set(points.map((p) => Date.parse(p.t) / 1000))].sort((a, b) => a - b)
  const index = new Map(times.map((t, i) => [t, i]))
  const versions = [...new Set(points.map((p) => p.version))].sort((a, b) => a - b)
  return {
    x: times,
    versions,
    values(pick) {
      const out = new Map<number, (number | null)[]>()
      for (const v of versions)
        out.set(
          v,
          times.map(() => null),
        )
      for (const p of points) {
        const row = out.get(p.version)
        const i = index.get(Date.parse(p.t) / 1000)
        if (row && i !== undefined) {
          const value = pick(p)
          row[i] = value === null || Number.isFinite(value) ? value : null
        }
      }
      return out
    },
  }
}
