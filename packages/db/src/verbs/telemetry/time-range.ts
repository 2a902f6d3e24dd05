/**
 * Time ranges over the rollups: a range is resolved to whole minutes, then split into the
 * coarsest rollup rows that fit it (whole UTC days, whole hours, and minutes at the edges).
 * @module
 */
import { CanonError } from '@canon/core'
import { type SQL, sql } from 'drizzle-orm'
import { ROLLUP_WIDTHS, type RollupWidth } from '../../schema'

const MINUTE_MS = 60_000

/** A metrics time range, `[from, to)`. */
export interface MetricsRange {
  from: Date
  to: Date
}

/** The range actually read: `from` floored and `to` ceiled to whole minutes. */
export interface ResolvedRange {
  fromMs: number
  toMs: number
}

/** Longest range a metrics query accepts. */
export const MAX_RANGE_MS = 400 * 86_400_000

/** Floors `from` and ceils `to` to the minute; BAD_REQUEST unless `from < to` within 400 days. */
export function resolveRange(range: MetricsRange): ResolvedRange {
  const from = range.from?.getTime?.()
  const to = range.to?.getTime?.()
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new CanonError('BAD_REQUEST', 'from and to must be valid times')
  }
  const fromMs = Math.floor((from as number) / MINUTE_MS) * MINUTE_MS
  const toMs = Math.ceil((to as number) / MINUTE_MS) * MINUTE_MS
  if (!(fromMs < toMs)) {
    throw new CanonError('BAD_REQUEST', 'from must be before to')
  }
  if (toMs - fromMs > MAX_RANGE_MS) {
    throw new CanonError('BAD_REQUEST', 'the range is longer than 400 days')
  }
  return { fromMs, toMs }
}

/** A run of rollup rows of one width: buckets starting in `[startMs, endMs)`. */
export interface Segment {
  width: RollupWidth
  startMs: number
  endMs: number
}

/**
 * Splits `[fromMs, toMs)` (minute-aligned) into segments of the widest rollups up to
 * `maxWidth` seconds that fit whole: e.g. 09:17 → next day 11:00 is minutes to 10:00, hours to
 * midnight, hours to 11:00.
 */
export function splitRange(fromMs: number, toMs: number, maxWidth: number): Segment[] {
  const widths = ROLLUP_WIDTHS.filter((w) => w <= maxWidth).sort((a, b) => b - a)
  const out: Segment[] = []
  const walk = (start: number, end: number, level: number): void => {
    if (start >= end) return
    const width = widths[level]
    if (width === undefined) return
    const step = width * 1000
    const first = Math.ceil(start / step) * step
    const last = Math.floor(end / step) * step
    if (first < last || level === widths.length - 1) {
      if (level === widths.length - 1) {
        out.push({ width, startMs: start, endMs: end })
        return
      }
      walk(start, first, level + 1)
      out.push({ width, startMs: first, endMs: last })
      walk(last, end, level + 1)
    } else {
      walk(start, end, level + 1)
    }
  }
  walk(fromMs, toMs, 0)
  return out.sort((a, b) => a.startMs - b.startMs)
}

/** `(width_seconds = … and bucket_start >= … and bucket_start < …) or …` for a table alias. */
export function segmentsFilter(alias: string, segments: readonly Segment[]): SQL {
  if (segments.length === 0) return sql`false`
  const t = sql.raw(alias)
  const parts = segments.map(
    (s) =>
      sql`(${t}.width_seconds = ${s.width} and ${t}.bucket_start >= ${new Date(s.startMs).toISOString()}::timestamptz and ${t}.bucket_start < ${new Date(s.endMs).toISOString()}::timestamptz)`,
  )
  return sql`(${sql.join(parts, sql` or `)})`
}
