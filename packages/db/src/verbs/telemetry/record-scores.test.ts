import { isCanonError } from '@canon/core'
import { sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { queryRows } from '../../sql'
import { describeDrivers, rejectionOf } from '../../testing'
import { ingestExecutions } from './ingest-executions'
import { promptMetrics } from './prompt-metrics'
import { recordScores } from './record-scores'
import { execution, spanId, traceId } from './test-executions'

const T0 = Date.parse('2026-02-11T08:00:00Z')
const range = { from: new Date(T0 - 3_600_000), to: new Date(T0 + 3_600_000) }

describeDrivers('recordScores', (t) => {
  const scoresOf = async (name: string) => {
    const m = await promptMetrics(t.db, { name, ...range, bucket: '1h' })
    return m.groups.map((g) => ({ version: g.version, scores: g.scores, feedback: g.feedback }))
  }

  it('counts a score for the execution of its trace', async () => {
    const e = execution('scores_after', T0)
    await ingestExecutions(t.db, [e])
    const result = await recordScores(t.db, [
      { traceId: e.traceId, name: 'user_approval', value: 1 },
      { traceId: e.traceId.toUpperCase(), name: 'helpfulness', value: 0.75, comment: 'good' },
    ])
    expect(result).toEqual({ accepted: 2, pending: 0 })
    expect(await scoresOf('scores_after')).toEqual([
      {
        version: 1,
        scores: { helpfulness: { mean: 0.75, n: 1 } },
        feedback: { positive: 1, n: 1, approvalRate: 1 },
      },
    ])
  })

  it('keeps a score that arrives before its span pending, then counts it', async () => {
    const e = execution('scores_before', T0, { promptVersion: 3 })
    expect(await recordScores(t.db, [{ traceId: e.traceId, name: 'feedback', value: 0 }])).toEqual({
      accepted: 1,
      pending: 1,
    })
    expect(await scoresOf('scores_before')).toEqual([])
    expect(await ingestExecutions(t.db, [e])).toMatchObject({ inserted: 1, scoresLinked: 1 })
    expect(await scoresOf('scores_before')).toEqual([
      { version: 3, scores: {}, feedback: { positive: 0, n: 1, approvalRate: 0 } },
    ])
    // A retried batch does not count the score again.
    expect(await ingestExecutions(t.db, [e])).toMatchObject({ inserted: 0, scoresLinked: 0 })
    expect((await scoresOf('scores_before'))[0]?.feedback.n).toBe(1)
  })

  it('scores the named span of a trace, else its first execution', async () => {
    const trace = traceId()
    const first = execution('scores_span', T0, { traceId: trace, promptVersion: 1 })
    const second = execution('scores_span', T0 + 5000, { traceId: trace, promptVersion: 2 })
    await ingestExecutions(t.db, [second, first])
    await recordScores(t.db, [
      { traceId: trace, spanId: second.spanId, name: 'accuracy', value: 0.5 },
      { traceId: trace, name: 'accuracy', value: 1 },
    ])
    expect(await scoresOf('scores_span')).toEqual([
      {
        version: 2,
        scores: { accuracy: { mean: 0.5, n: 1 } },
        feedback: { positive: 0, n: 0, approvalRate: null },
      },
      {
        version: 1,
        scores: { accuracy: { mean: 1, n: 1 } },
        feedback: { positive: 0, n: 0, approvalRate: null },
      },
    ])
  })

  it('stores nothing when one score of a batch is invalid', async () => {
    const trace = traceId()
    for (const bad of [
      { traceId: 'xyz', name: 'a', value: 1 },
      { traceId: trace, spanId: '123', name: 'a', value: 1 },
      { traceId: trace, name: ' ', value: 1 },
      { traceId: trace, name: 'a', value: Number.NaN },
      { traceId: trace, name: 'a', value: '1' as unknown as number },
    ]) {
      const error = await rejectionOf(
        recordScores(t.db, [{ traceId: trace, name: 'ok', value: 1 }, bad]),
      )
      expect(isCanonError(error) && error.code).toBe('BAD_REQUEST')
      expect((error as Error).message).toMatch(/^score 1: /)
    }
    const [count] = await queryRows<{ n: number }>(
      t.db.drizzle,
      sql`select count(*)::int as n from scores where trace_id = ${trace}::uuid`,
    )
    expect(count?.n).toBe(0)
  })

  it('links every score when scores and their spans arrive at the same moment', async () => {
    const executions = Array.from({ length: 20 }, (_, i) =>
      execution('scores_race', T0 + i * 1000, { spanId: spanId() }),
    )
    await Promise.all(
      executions.flatMap((e) => [
        recordScores(t.db, [{ traceId: e.traceId, name: 'user_approval', value: 1 }]),
        ingestExecutions(t.db, [e]),
      ]),
    )
    const [pending] = await queryRows<{ n: number }>(
      t.db.drizzle,
      sql`select count(*)::int as n from scores s
          join executions e on e.trace_id = s.trace_id
          where e.prompt_name = 'scores_race' and s.execution_span_id is null`,
    )
    expect(pending?.n).toBe(0)
    expect((await scoresOf('scores_race'))[0]?.feedback).toEqual({
      positive: 20,
      n: 20,
      approvalRate: 1,
    })
  })
})
