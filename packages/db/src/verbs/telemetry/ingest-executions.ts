import { CanonError, PROMPT_NAME_PATTERN, unsafeChar } from '@canon/core'
import { sql } from 'drizzle-orm'
import type { Database } from '../../database'
import type { Transaction } from '../../internal/transaction'
import { queryRows } from '../../sql'
import {
  executionCells,
  type RollupScore,
  scoreCells,
  upsertExecutionRollups,
  upsertScoreRollups,
} from './rollup-rows'
import { lockForIngest } from './scores-lock'

/** One prompt execution, as the OTLP receiver maps it from a span. */
export interface ExecutionInput {
  /** 32 lower-case hex digits (not all zero). */
  traceId: string
  /** 16 lower-case hex digits (not all zero). */
  spanId: string
  promptName: string
  promptVersion: number
  variant: string | null
  label: string | null
  digest: string | null
  fallback: string | null
  model: string | null
  provider: string | null
  /** Span start, milliseconds since the epoch. */
  startedAtMs: number
  latencyMs: number
  inputTokens: number | null
  outputTokens: number | null
  costUsd: number | null
  isError: boolean
  errorType: string | null
  simulated: boolean
}

/** What one ingest stored. */
export interface IngestResult {
  /** New executions. */
  inserted: number
  /** Spans already stored (an exporter retrying a batch), skipped. */
  duplicates: number
  /** Pending scores that these executions let us count. */
  scoresLinked: number
}

const TRACE_ID = /^[0-9a-f]{32}$/
const SPAN_ID = /^[0-9a-f]{16}$/
const MAX_INT = 2_147_483_647

function checkRow(row: ExecutionInput, index: number): void {
  const problem =
    !TRACE_ID.test(row.traceId) || /^0+$/.test(row.traceId)
      ? 'traceId must be 32 lower-case hex digits, not all zero'
      : !SPAN_ID.test(row.spanId) || /^0+$/.test(row.spanId)
        ? 'spanId must be 16 lower-case hex digits, not all zero'
        : !PROMPT_NAME_PATTERN.test(row.promptName)
          ? 'invalid prompt name'
          : !Number.isInteger(row.promptVersion) ||
              row.promptVersion < 1 ||
              row.promptVersion > MAX_INT
            ? 'promptVersion must be an integer ≥ 1'
            : !Number.isFinite(row.startedAtMs)
              ? 'startedAtMs must be a finite number'
              : !(row.latencyMs >= 0 && Number.isFinite(row.latencyMs))
                ? 'latencyMs must be a finite number ≥ 0'
                : !validCount(row.inputTokens) || !validCount(row.outputTokens)
                  ? 'token counts must be integers ≥ 0'
                  : row.costUsd !== null && !(row.costUsd >= 0 && Number.isFinite(row.costUsd))
                    ? 'costUsd must be a finite number ≥ 0'
                    : textProblem(row)
  if (problem) {
    throw new CanonError('BAD_REQUEST', `execution ${index}: ${problem}`, { details: { index } })
  }
}

const TEXT_FIELDS = [
  'variant',
  'label',
  'digest',
  'fallback',
  'model',
  'provider',
  'errorType',
] as const

/** Postgres refuses NUL and lone surrogates: name the field instead of failing the insert. */
function textProblem(row: ExecutionInput): string | undefined {
  for (const field of TEXT_FIELDS) {
    const value = row[field]
    const bad = typeof value === 'string' ? unsafeChar(value) : undefined
    if (bad) return `${field} ${bad.reason}`
  }
  return undefined
}

function validCount(n: number | null): boolean {
  return n === null || (Number.isInteger(n) && n >= 0 && n <= MAX_INT)
}

/**
 * Stores executions and adds them to the rollups, in one transaction: one multi-row insert
 * (spans already stored are skipped, so retried batches count once), pending scores of these
 * traces linked, then one upsert per rollup table, aggregated in memory first and written in key
 * order (concurrent ingests never deadlock). Nothing is stored when any row is invalid
 * (BAD_REQUEST naming it).
 *
 * @example
 * const { inserted } = await ingestExecutions(db, executionsFromSpans)
 */
export async function ingestExecutions(
  db: Database,
  rows: readonly ExecutionInput[],
): Promise<IngestResult> {
  rows.forEach(checkRow)
  // The same span twice in one request counts once; key order keeps lock order stable.
  const unique = new Map<string, ExecutionInput>()
  for (const row of rows) unique.set(`${row.traceId}${row.spanId}`, row)
  if (unique.size === 0) return { inserted: 0, duplicates: 0, scoresLinked: 0 }
  const ordered = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const payload = JSON.stringify(
    ordered.map(([, r]) => ({
      t: r.traceId,
      s: r.spanId,
      p: r.promptName,
      v: r.promptVersion,
      a: r.variant,
      l: r.label,
      d: r.digest,
      f: r.fallback,
      m: r.model,
      pr: r.provider,
      st: new Date(r.startedAtMs).toISOString(),
      ms: r.latencyMs,
      it: r.inputTokens,
      ot: r.outputTokens,
      c: r.costUsd,
      e: r.isError,
      et: r.errorType,
      sim: r.simulated,
    })),
  )

  return db.drizzle.transaction(async (tx) => {
    await lockForIngest(tx)
    // One statement: the insert, and the pending scores of the traces it inserted.
    const result = await queryRows<{
      kind: number
      trace_id: string
      span_id: string | null
      id: string | number | null
      name: string | null
      value: number | null
    }>(
      tx,
      sql`
        with ins as (
          insert into executions (trace_id, span_id, prompt_name, prompt_version, variant, label,
            digest, fallback, model, provider, started_at, latency_ms, input_tokens,
            output_tokens, cost_usd, is_error, error_type, simulated)
          select t, s, p, v, a, l, d, f, m, pr, st, ms, it, ot, c, e, et, sim
          from json_to_recordset(${payload}::json) as x(t uuid, s text, p text, v int, a text,
            l text, d text, f text, m text, pr text, st timestamptz, ms float8, it int, ot int,
            c float8, e boolean, et text, sim boolean)
          on conflict do nothing
          returning trace_id, span_id
        )
        select 0 as kind, trace_id, span_id, null::bigint as id, null::text as name,
          null::float8 as value
        from ins
        union all
        select 1, s.trace_id, s.span_id, s.id, s.name, s.value
        from scores s
        where s.execution_span_id is null and s.trace_id in (select trace_id from ins)`,
    )
    const fresh: ExecutionInput[] = []
    const pending: PendingScore[] = []
    for (const row of result) {
      const traceId = String(row.trace_id).replaceAll('-', '')
      if (Number(row.kind) === 0) {
        const found = unique.get(`${traceId}${row.span_id}`)
        if (found) fresh.push(found)
      } else {
        pending.push({
          id: String(row.id),
          traceId,
          spanId: row.span_id,
          name: String(row.name),
          value: Number(row.value),
        })
      }
    }
    const linked = await linkPendingScores(tx, fresh, pending)
    await upsertExecutionRollups(tx, executionCells(fresh))
    await upsertScoreRollups(tx, scoreCells(linked))
    return {
      inserted: fresh.length,
      duplicates: unique.size - fresh.length,
      scoresLinked: linked.length,
    }
  })
}

interface PendingScore {
  id: string
  traceId: string
  spanId: string | null
  name: string
  value: number
}

/**
 * Scores that arrived before their span: a score naming a span goes to that execution, one
 * without goes to its trace's earliest execution in this batch.
 */
async function linkPendingScores(
  tx: Transaction,
  fresh: readonly ExecutionInput[],
  pending: readonly PendingScore[],
): Promise<RollupScore[]> {
  if (pending.length === 0) return []
  const byTrace = new Map<string, ExecutionInput[]>()
  for (const row of fresh) {
    const list = byTrace.get(row.traceId)
    if (list) list.push(row)
    else byTrace.set(row.traceId, [row])
  }
  const links: { id: string; span: string }[] = []
  const candidates = new Map<string, RollupScore>()
  for (const score of pending) {
    const executions = byTrace.get(score.traceId) ?? []
    const execution = score.spanId
      ? executions.find((c) => c.spanId === score.spanId)
      : executions.reduce<ExecutionInput | undefined>(
          (first, c) => (first === undefined || c.startedAtMs < first.startedAtMs ? c : first),
          undefined,
        )
    if (!execution) continue
    links.push({ id: score.id, span: execution.spanId })
    candidates.set(score.id, {
      promptName: execution.promptName,
      promptVersion: execution.promptVersion,
      variant: execution.variant,
      startedAtMs: execution.startedAtMs,
      name: score.name,
      value: score.value,
    })
  }
  if (links.length === 0) return []
  // Another ingest of the same trace may have linked a score meanwhile: the re-checked
  // `execution_span_id is null` makes each score count once.
  const updated = await queryRows<{ id: string | number }>(
    tx,
    sql`update scores set execution_span_id = x.span
        from json_to_recordset(${JSON.stringify(links)}::json) as x(id bigint, span text)
        where scores.id = x.id and scores.execution_span_id is null
        returning scores.id`,
  )
  return updated.flatMap((row) => {
    const score = candidates.get(String(row.id))
    return score ? [score] : []
  })
}
