import { CanonError } from '@canon/core'
import { sql } from 'drizzle-orm'
import type { Database } from '../../database'
import { assertStorableText } from '../../internal/validate'
import { queryRows } from '../../sql'
import { type RollupScore, scoreCells, upsertScoreRollups } from './rollup-rows'
import { lockForScores } from './scores-lock'

/** A score or piece of feedback on a traced execution. */
export interface ScoreInput {
  /** 32 hex digits (either case). */
  traceId: string
  /** The span scored (16 hex digits); without it, the trace's first execution. */
  spanId?: string | null
  /** e.g. `user_approval`, `helpfulness`; 1..200 characters. */
  name: string
  /** A finite number; feedback uses 1 (positive) and 0 (negative). */
  value: number
  comment?: string | null
}

/** What `recordScores` stored. */
export interface RecordScoresResult {
  /** Scores stored. */
  accepted: number
  /** Of those, scores whose execution has not arrived yet: they count once it does. */
  pending: number
}

/** Longest score name and comment accepted. */
export const MAX_SCORE_NAME = 200
export const MAX_SCORE_COMMENT = 4000

function normalize(score: ScoreInput, index: number) {
  const fail = (message: string): never => {
    throw new CanonError('BAD_REQUEST', `score ${index}: ${message}`, { details: { index } })
  }
  const traceId = typeof score.traceId === 'string' ? score.traceId.toLowerCase() : ''
  if (!/^[0-9a-f]{32}$/.test(traceId) || /^0+$/.test(traceId)) {
    fail('traceId must be 32 hex digits, not all zero')
  }
  const spanId = score.spanId == null ? null : String(score.spanId).toLowerCase()
  if (spanId !== null && (!/^[0-9a-f]{16}$/.test(spanId) || /^0+$/.test(spanId))) {
    fail('spanId must be 16 hex digits, not all zero')
  }
  const name = typeof score.name === 'string' ? score.name.trim() : ''
  if (name === '' || name.length > MAX_SCORE_NAME) {
    fail(`name must be 1..${MAX_SCORE_NAME} characters`)
  }
  if (typeof score.value !== 'number' || !Number.isFinite(score.value)) {
    fail('value must be a finite number')
  }
  const comment = score.comment ?? null
  if (comment !== null && (typeof comment !== 'string' || comment.length > MAX_SCORE_COMMENT)) {
    fail(`comment must be a string of at most ${MAX_SCORE_COMMENT} characters`)
  }
  assertStorableText({ name, comment }, `score ${index}`)
  return { traceId, spanId, name, value: score.value, comment }
}

/**
 * Stores scores and counts each in the rollups of the execution it scores: the named span of
 * the trace, or the trace's earliest execution. A score whose execution has not arrived yet is
 * stored pending and counted when the span is ingested. One transaction; nothing is stored
 * when any score is invalid (BAD_REQUEST naming it).
 *
 * @example
 * await recordScores(db, [{ traceId, name: 'user_approval', value: 1 }])
 */
export async function recordScores(
  db: Database,
  input: readonly ScoreInput[],
): Promise<RecordScoresResult> {
  const scores = input.map(normalize)
  if (scores.length === 0) return { accepted: 0, pending: 0 }
  const traceIds = JSON.stringify([...new Set(scores.map((s) => s.traceId))])

  return db.drizzle.transaction(async (tx) => {
    await lockForScores(tx)
    const executions = await queryRows<{
      trace_id: string
      span_id: string
      prompt_name: string
      prompt_version: number
      variant: string | null
      started_ms: number
    }>(
      tx,
      sql`select trace_id, span_id, prompt_name, prompt_version, variant,
            (extract(epoch from started_at) * 1000)::float8 as started_ms
          from executions
          where trace_id = any(array(select json_array_elements_text(${traceIds}::json)::uuid))`,
    )
    const byTrace = new Map<string, typeof executions>()
    for (const e of executions) {
      const key = String(e.trace_id).replaceAll('-', '')
      const list = byTrace.get(key)
      if (list) list.push(e)
      else byTrace.set(key, [e])
    }
    const rows: Record<string, unknown>[] = []
    const counted: RollupScore[] = []
    for (const score of scores) {
      const candidates = byTrace.get(score.traceId) ?? []
      const execution = score.spanId
        ? candidates.find((e) => e.span_id === score.spanId)
        : candidates.reduce<(typeof candidates)[number] | undefined>(
            (first, e) => (first === undefined || e.started_ms < first.started_ms ? e : first),
            undefined,
          )
      rows.push({
        t: score.traceId,
        s: score.spanId,
        n: score.name,
        v: score.value,
        c: score.comment,
        e: execution?.span_id ?? null,
      })
      if (execution) {
        counted.push({
          promptName: execution.prompt_name,
          promptVersion: Number(execution.prompt_version),
          variant: execution.variant,
          startedAtMs: Number(execution.started_ms),
          name: score.name,
          value: score.value,
        })
      }
    }
    await tx.execute(sql`
      insert into scores (trace_id, span_id, name, value, comment, execution_span_id)
      select t, s, n, v, c, e
      from json_to_recordset(${JSON.stringify(rows)}::json)
        as x(t uuid, s text, n text, v float8, c text, e text)`)
    await upsertScoreRollups(tx, scoreCells(counted))
    return { accepted: scores.length, pending: scores.length - counted.length }
  })
}
