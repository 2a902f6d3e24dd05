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
  const t = g.seriesWidth
    ? sql`(floor(extract(epoch from ${a}.bucket_start) / ${g.seriesWidth}::int) * ${g.seriesWidth}::int)::float8`
    : sql`0::float8`
  const version = g.byVersion ? sql`${a}.prompt_version` : sql`0`
  const variant = g.byVariant ? sql`${a}.variant` : sql`''`
  return sql`${prompt} as g_prompt, ${t} as g_t, ${version} as g_version, ${variant} as g_variant`
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
  const [scalars, hist, scores] = await Promise.all([
    queryRows<
      KeyRow & {
        calls: number
        errors: number
        sim: number
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
      sql`select ${groupColumns('r', g)},
            sum(r.calls)::float8 as calls, sum(r.errors)::float8 as errors,
            sum(r.simulated_calls)::float8 as sim, sum(r.usage_calls)::float8 as uc,
            sum(r.input_tokens)::float8 as it, sum(r.output_tokens)::float8 as ot,
            sum(r.cost_calls)::float8 as cc, sum(r.cost_usd)::float8 as cost,
            sum(r.cost_sq_usd)::float8 as csq,
            (extract(epoch from max(r.last_call_at)) * 1000)::float8 as last_ms
          from execution_rollups r
          where ${where('r', g)}
          group by 1, 2, 3, 4`,
    ),
    queryRows<KeyRow & { b: number; c: number }>(
      db.drizzle,
      sql`select ${groupColumns('r', g)}, (r.latency_lo + u.k - 1)::int as b, sum(u.c)::float8 as c
          from execution_rollups r, unnest(r.latency_hist) with ordinality as u(c, k)
          where ${where('r', g)} and u.c > 0
          group by 1, 2, 3, 4, 5`,
    ),
    queryRows<KeyRow & { name: string; n: number; sum: number; sq: number; pos: number }>(
      db.drizzle,
      sql`select ${groupColumns('s', g)}, s.name,
            sum(s.n)::float8 as n, sum(s.sum)::float8 as sum, sum(s.sum_sq)::float8 as sq,
            sum(s.positives)::float8 as pos
          from score_rollups s
          where ${where('s', g)}
          group by 1, 2, 3, 4, 5`,
    ),
  ])
  const groups = new Map<string, RollupGroup>()
  for (const row of scalars) {
    groups.set(keyOf(row), {
      promptName: row.g_prompt,
      t: Number(row.g_t) * 1000,
      version: Number(row.g_version),
      variant: row.g_variant === '' ? null : row.g_variant,
      calls: Number(row.calls),
      errors: Number(row.errors),
      simulatedCalls: Number(row.sim),
      hist: new Map(),
      usageCalls: Number(row.uc),
      inputTokens: Number(row.it),
      outputTokens: Number(row.ot),
      costCalls: Number(row.cc),
      costUsd: Number(row.cost),
      costSqUsd: Number(row.csq),
      lastCallAtMs: Number(row.last_ms),
      scores: new Map(),
    })
  }
  for (const row of hist) {
    const group = groups.get(keyOf(row))
    if (group) addToHistogram(group.hist, Number(row.b), Number(row.c))
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
