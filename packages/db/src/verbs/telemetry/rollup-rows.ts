/**
 * In-memory aggregation of one request's executions and scores into rollup rows, so a request
 * costs one upsert per rollup table whatever its size, and the upserts that add them in.
 * @module
 */
import { sql } from 'drizzle-orm'
import type { Transaction } from '../../internal/transaction'
import { ROLLUP_WIDTHS, type RollupWidth } from '../../schema'
import {
  addToHistogram,
  type LatencyHistogram,
  latencyBucket,
  trimHistogram,
} from './latency-histogram'

/** The execution facts a rollup needs. */
export interface RollupExecution {
  promptName: string
  promptVersion: number
  variant: string | null
  startedAtMs: number
  latencyMs: number
  inputTokens: number | null
  outputTokens: number | null
  costUsd: number | null
  isError: boolean
  simulated: boolean
}

/** Where a score is counted: its execution's prompt identity and start. */
export interface RollupScore {
  promptName: string
  promptVersion: number
  variant: string | null
  startedAtMs: number
  name: string
  value: number
}

interface ExecutionCell {
  width: RollupWidth
  promptName: string
  bucketStartMs: number
  promptVersion: number
  variant: string
  calls: number
  errors: number
  simulatedCalls: number
  hist: LatencyHistogram
  latencySumMs: number
  usageCalls: number
  inputTokens: number
  outputTokens: number
  costCalls: number
  costUsd: number
  costSqUsd: number
  lastCallAtMs: number
}

interface ScoreCell {
  width: RollupWidth
  promptName: string
  bucketStartMs: number
  promptVersion: number
  variant: string
  name: string
  n: number
  sum: number
  sumSq: number
  positives: number
}

function bucketStart(ms: number, width: number): number {
  const step = width * 1000
  return Math.floor(ms / step) * step
}

/** Primary-key order, so concurrent upserts lock rows in the same order (no deadlocks). */
function compareKeys(
  a: {
    width: number
    promptName: string
    bucketStartMs: number
    promptVersion: number
    variant: string
  },
  b: typeof a,
): number {
  return (
    a.width - b.width ||
    (a.promptName < b.promptName ? -1 : a.promptName > b.promptName ? 1 : 0) ||
    a.bucketStartMs - b.bucketStartMs ||
    a.promptVersion - b.promptVersion ||
    (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0)
  )
}

/** Aggregates executions into one cell per (width, prompt, bucket, version, variant). */
export function executionCells(rows: Iterable<RollupExecution>): ExecutionCell[] {
  const cells = new Map<string, ExecutionCell>()
  for (const row of rows) {
    const variant = row.variant ?? ''
    const bucket = latencyBucket(row.latencyMs)
    for (const width of ROLLUP_WIDTHS) {
      const start = bucketStart(row.startedAtMs, width)
      const key = `${width}\u0000${row.promptName}\u0000${start}\u0000${row.promptVersion}\u0000${variant}`
      let cell = cells.get(key)
      if (!cell) {
        cell = {
          width,
          promptName: row.promptName,
          bucketStartMs: start,
          promptVersion: row.promptVersion,
          variant,
          calls: 0,
          errors: 0,
          simulatedCalls: 0,
          hist: new Map(),
          latencySumMs: 0,
          usageCalls: 0,
          inputTokens: 0,
          outputTokens: 0,
          costCalls: 0,
          costUsd: 0,
          costSqUsd: 0,
          lastCallAtMs: row.startedAtMs,
        }
        cells.set(key, cell)
      }
      cell.calls += 1
      if (row.isError) cell.errors += 1
      if (row.simulated) cell.simulatedCalls += 1
      addToHistogram(cell.hist, bucket)
      cell.latencySumMs += row.latencyMs
      if (row.inputTokens !== null || row.outputTokens !== null) {
        cell.usageCalls += 1
        cell.inputTokens += row.inputTokens ?? 0
        cell.outputTokens += row.outputTokens ?? 0
      }
      if (row.costUsd !== null) {
        cell.costCalls += 1
        cell.costUsd += row.costUsd
        cell.costSqUsd += row.costUsd * row.costUsd
      }
      if (row.startedAtMs > cell.lastCallAtMs) cell.lastCallAtMs = row.startedAtMs
    }
  }
  return [...cells.values()].sort(compareKeys)
}

/** Aggregates scores into one cell per (width, prompt, bucket, version, variant, name). */
export function scoreCells(rows: Iterable<RollupScore>): ScoreCell[] {
  const cells = new Map<string, ScoreCell>()
  for (const row of rows) {
    const variant = row.variant ?? ''
    for (const width of ROLLUP_WIDTHS) {
      const start = bucketStart(row.startedAtMs, width)
      const key = `${width}\u0000${row.promptName}\u0000${start}\u0000${row.promptVersion}\u0000${variant}\u0000${row.name}`
      let cell = cells.get(key)
      if (!cell) {
        cell = {
          width,
          promptName: row.promptName,
          bucketStartMs: start,
          promptVersion: row.promptVersion,
          variant,
          name: row.name,
          n: 0,
          sum: 0,
          sumSq: 0,
          positives: 0,
        }
        cells.set(key, cell)
      }
      cell.n += 1
      cell.sum += row.value
      cell.sumSq += row.value * row.value
      if (row.value > 0) cell.positives += 1
    }
  }
  return [...cells.values()].sort(
    (a, b) => compareKeys(a, b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  )
}

/** Adds the cells into `execution_rollups` in one statement. */
export async function upsertExecutionRollups(
  tx: Transaction,
  cells: readonly ExecutionCell[],
): Promise<void> {
  if (cells.length === 0) return
  const payload = JSON.stringify(
    cells.map((c) => {
      const { lo, counts } = trimHistogram(c.hist)
      return {
        w: c.width,
        p: c.promptName,
        b: new Date(c.bucketStartMs).toISOString(),
        v: c.promptVersion,
        a: c.variant,
        calls: c.calls,
        errors: c.errors,
        sim: c.simulatedCalls,
        lo,
        hist: counts,
        lat: c.latencySumMs,
        uc: c.usageCalls,
        it: c.inputTokens,
        ot: c.outputTokens,
        cc: c.costCalls,
        cost: c.costUsd,
        csq: c.costSqUsd,
        last: new Date(c.lastCallAtMs).toISOString(),
      }
    }),
  )
  await tx.execute(sql`
    insert into execution_rollups as r (width_seconds, prompt_name, bucket_start, prompt_version,
      variant, calls, errors, simulated_calls, latency_lo, latency_hist, latency_sum_ms,
      usage_calls, input_tokens, output_tokens, cost_calls, cost_usd, cost_sq_usd, last_call_at)
    select w, p, b, v, a, calls, errors, sim, lo, hist, lat, uc, it, ot, cc, cost, csq, last
    from json_to_recordset(${payload}::json) as x(w int, p text, b timestamptz, v int, a text,
      calls bigint, errors bigint, sim bigint, lo smallint, hist int[], lat float8, uc bigint,
      it bigint, ot bigint, cc bigint, cost float8, csq float8, last timestamptz)
    on conflict (width_seconds, prompt_name, bucket_start, prompt_version, variant) do update set
      calls = r.calls + excluded.calls,
      errors = r.errors + excluded.errors,
      simulated_calls = r.simulated_calls + excluded.simulated_calls,
      latency_lo = least(r.latency_lo, excluded.latency_lo),
      latency_hist = canon_hist_merge(r.latency_lo, r.latency_hist, excluded.latency_lo, excluded.latency_hist),
      latency_sum_ms = r.latency_sum_ms + excluded.latency_sum_ms,
      usage_calls = r.usage_calls + excluded.usage_calls,
      input_tokens = r.input_tokens + excluded.input_tokens,
      output_tokens = r.output_tokens + excluded.output_tokens,
      cost_calls = r.cost_calls + excluded.cost_calls,
      cost_usd = r.cost_usd + excluded.cost_usd,
      cost_sq_usd = r.cost_sq_usd + excluded.cost_sq_usd,
      last_call_at = greatest(r.last_call_at, excluded.last_call_at)`)
}

/** Adds the cells into `score_rollups` in one statement. */
export async function upsertScoreRollups(
  tx: Transaction,
  cells: readonly ScoreCell[],
): Promise<void> {
  if (cells.length === 0) return
  const payload = JSON.stringify(
    cells.map((c) => ({
      w: c.width,
      p: c.promptName,
      b: new Date(c.bucketStartMs).toISOString(),
      v: c.promptVersion,
      a: c.variant,
      name: c.name,
      n: c.n,
      sum: c.sum,
      sq: c.sumSq,
      pos: c.positives,
    })),
  )
  await tx.execute(sql`
    insert into score_rollups as r (width_seconds, prompt_name, bucket_start, prompt_version,
      variant, name, n, sum, sum_sq, positives)
    select w, p, b, v, a, name, n, sum, sq, pos
    from json_to_recordset(${payload}::json) as x(w int, p text, b timestamptz, v int, a text,
      name text, n bigint, sum float8, sq float8, pos bigint)
    on conflict (width_seconds, prompt_name, bucket_start, prompt_version, variant, name) do update set
      n = r.n + excluded.n,
      sum = r.sum + excluded.sum,
      sum_sq = r.sum_sq + excluded.sum_sq,
      positives = r.positives + excluded.positives`)
}
