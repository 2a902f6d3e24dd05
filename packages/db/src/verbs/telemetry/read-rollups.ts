/**
 * Reads rollup rows over a range and adds them up per group (prompt, series time, version,
 * variant, as asked), with merged latency histograms and per-name score sums. Three queries
 * over the rollup tables; raw executions are never read.
 * @module
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Database } from '../../database'
import { queryRows } from '../../sql'
import { addToHistogram, type LatencyHistogram } from './latency-histogram'
import { type Segment, segmentsFilter } from './time-range'

/** Which dimensions to keep apart; the others are added together. */
export interface RollupGrouping {
  segments: readonly Segment[]
  /** Only this prompt (exact name). */
  promptName?: string
  byPrompt?: boolean
  /** Series bucket width in seconds: groups by bucket start. */
  seriesWidth?: number
  byVersion?: boolean
  byVariant?: boolean
}

/** Score sums of one name. */
export interface ScoreSums {
  n: number
  sum: number
  sumSq: number
  positives: number
}

/** One group's totals. `variant` is null for executions without one (or when not grouped). */
export interface RollupGroup {
  promptName: string
  /** Series bucket start (ms), 0 when not grouped by time. */
  t: number
  version: number
  variant: string | null
  calls: number
  errors: number
  simulatedCalls: number
  hist: LatencyHistogram
  usageCalls: number
  inputTokens: number
  outputTokens: number
  costCalls: number
  costUsd: number
  costSqUsd: number
  lastCallAtMs: number
  scores: Map<string, ScoreSums>
}

function groupColumns(alias: string, g: RollupGrouping): SQL {
  const a = sql.raw(alias)
  const prompt = g.byPrompt || g.promptName !== undefined ? sql`${a}.prompt_name` : sql`''`
  // date_bin is timestamp arithmetic, much cheaper than epoch numerics on every row.
  const t = g.seriesWidth
    ? sql`date_bin(${g.seriesWidth}::int * interval '1 second', ${a}.bucket_start, timestamptz '1970-01-01 00:00:00+00')`
    : sql`timestamptz '1970-01-01 00:00:00+00'`
  const version = g.byVersion ? sql`${a}.prompt_version` : sql`0`
  const variant = g.byVariant ? sql`${a}.variant` : sql`''`
  return sql`${prompt} as g_prompt, ${t} as g_time, ${version} as g_version, ${variant} as g_variant`
}

function where(alias: string, g: RollupGrouping): SQL {
  const filter = segmentsFilter(alias, g.segments)
  return g.promptName === undefined
    ? filter
    : sql`${sql.raw(alias)}.prompt_name = ${g.promptName} and ${filter}`
}

interface KeyRow {
  g_prompt: string
  g_t: number
  g_version: number
  g_variant: string
}

/** An int[] column: an array from both drivers, or Postgres text (`{1,2,3}`) just in case. */
function intArray(value: number[] | string): number[] {
  if (Array.isArray(value)) return value.map(Number)
  const inner = String(value).replace(/^\{|\}$/g, '')
  return inner === '' ? [] : inner.split(',').map(Number)
}

function keyOf(row: KeyRow): string {
  return `${row.g_prompt}\u0000${row.g_t}\u0000${row.g_version}\u0000${row.g_variant}`
}

/**
 * Totals per group over the segments.
 * @example
 * const groups = await readRollups(db, { segments, promptName: 'summarize', byVersion: true })
 */
export async function readRollups(db: Database, g: RollupGrouping): Promise<RollupGroup[]> {
  if (g.segments.length === 0) return []
  // Rollup rows are read as they are and added up here: merging their histograms in SQL
  // (unnest, group, re-aggregate) costs more than the few hundred or thousand rows a
  // dashboard range covers.
  const [rows, scores] = await Promise.all([
    queryRows<
      KeyRow & {
        calls: number
        errors: number
        sim: number
        lo: number
        hist: number[] | string
        uc: number
        it: number
        ot: number
        cc: number
        cost: number
        csq: number
        last_ms: number
      }
    >(
      db.drizzle,
      sql`select g_prompt, (extract(epoch from g_time) * 1000)::float8 as g_t, g_version,
            g_variant, calls, errors, sim, lo, hist, uc, it, ot, cc, cost, csq, last_ms
          from (
            select ${groupColumns('r', g)},
              r.calls::float8 as calls, r.errors::float8 as errors,
              r.simulated_calls::float8 as sim, r.latency_lo as lo, r.latency_hist as hist,
              r.usage_calls::float8 as uc, r.input_tokens::float8 as it,
              r.output_tokens::float8 as ot, r.cost_calls::float8 as cc, r.cost_usd as cost,
              r.cost_sq_usd as csq, (extract(epoch from r.last_call_at) * 1000)::float8 as last_ms
            from execution_rollups r
            where ${where('r', g)}
          ) as x`,
    ),
    queryRows<KeyRow & { name: string; n: number; sum: number; sq: number; pos: number }>(
      db.drizzle,
      sql`select g_prompt, (extract(epoch from g_time) * 1000)::float8 as g_t, g_version,
            g_variant, name, n, sum, sq, pos
          from (
            select ${groupColumns('s', g)}, s.name,
              sum(s.n)::float8 as n, sum(s.sum)::float8 as sum, sum(s.sum_sq)::float8 as sq,
              sum(s.positives)::float8 as pos
            from score_rollups s
            where ${where('s', g)}
            group by 1, 2, 3, 4, 5
          ) as x`,
    ),
  ])
  const groups = new Map<string, RollupGroup>()
  for (const row of rows) {
    const key = keyOf(row)
    let group = groups.get(key)
    if (!group) {
      group = {
        promptName: row.g_prompt,
        t: Number(row.g_t),
        version: Number(row.g_version),
        variant: row.g_variant === '' ? null : row.g_variant,
        calls: 0,
        errors: 0,
        simulatedCalls: 0,
        hist: new Map(),
        usageCalls: 0,
        inputTokens: 0,
        outputTokens: 0,
        costCalls: 0,
        costUsd: 0,
        costSqUsd: 0,
        lastCallAtMs: 0,
        scores: new Map(),
      }
      groups.set(key, group)
    }
    group.calls += Number(row.calls)
    group.errors += Number(row.errors)
    group.simulatedCalls += Number(row.sim)
    group.usageCalls += Number(row.uc)
    group.inputTokens += Number(row.it)
    group.outputTokens += Number(row.ot)
    group.costCalls += Number(row.cc)
    group.costUsd += Number(row.cost)
    group.costSqUsd += Number(row.csq)
    const last = Number(row.last_ms)
    if (last > group.lastCallAtMs) group.lastCallAtMs = last
    const lo = Number(row.lo)
    const counts = intArray(row.hist)
    for (let k = 0; k < counts.length; k++) {
      const c = counts[k] as number
      if (c > 0) addToHistogram(group.hist, lo + k, c)
    }
  }
  for (const row of scores) {
    // Scores count only where their executions are (they are rolled up with them).
    const group = groups.get(keyOf(row))
    if (!group) continue
    group.scores.set(row.name, {
      n: Number(row.n),
      sum: Number(row.sum),
      sumSq: Number(row.sq),
      positives: Number(row.pos),
    })
  }
  return [...groups.values()]
}
