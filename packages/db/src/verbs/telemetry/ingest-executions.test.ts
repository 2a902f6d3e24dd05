import { isCanonError } from '@canon/core'
import { sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { queryRows } from '../../sql'
import { describeDrivers, rejectionOf } from '../../testing'
import { ingestExecutions } from './ingest-executions'
import { rebuildTelemetryRollups } from './rebuild-rollups'
import { execution } from './test-executions'
import { traceExecutions } from './trace-executions'

const T0 = Date.parse('2026-02-10T09:58:30Z')

describeDrivers('ingestExecutions', (t) => {
  it('stores every field of an execution', async () => {
    const row = execution('ingest_fields', T0, {
      variant: 'v2',
      promptVersion: 2,
      latencyMs: 812.5,
      isError: true,
      errorType: 'timeout',
      simulated: true,
      costUsd: null,
    })
    const result = await ingestExecutions(t.db, [row])
    expect(result).toEqual({ inserted: 1, duplicates: 0, scoresLinked: 0 })
    const [stored] = await queryRows<Record<string, unknown>>(
      t.db.drizzle,
      sql`select replace(trace_id::text, '-', '') as trace_id, span_id, prompt_name,
            prompt_version, variant, label, digest, fallback, model, provider,
            (extract(epoch from started_at) * 1000)::float8 as started_ms, latency_ms,
            input_tokens, output_tokens, cost_usd, is_error, error_type, simulated
          from executions where prompt_name = 'ingest_fields'`,
    )
    expect(stored).toEqual({
      trace_id: row.traceId,
      span_id: row.spanId,
      prompt_name: 'ingest_fields',
      prompt_version: 2,
      variant: 'v2',
      label: 'production',
      digest: 'sha256:abc',
      fallback: 'fresh',
      model: 'gpt-4o-mini',
      provider: 'openai',
      started_ms: T0,
      latency_ms: 812.5,
      input_tokens: 100,
      output_tokens: 20,
      cost_usd: null,
      is_error: true,
      error_type: 'timeout',
      simulated: true,
    })
    const [read] = await traceExecutions(t.db, row.traceId.toUpperCase())
    expect(read).toMatchObject({
      traceId: row.traceId,
      spanId: row.spanId,
      promptName: 'ingest_fields',
      promptVersion: 2,
      variant: 'v2',
      startedAt: new Date(T0).toISOString(),
      latencyMs: 812.5,
      costUsd: null,
      isError: true,
      errorType: 'timeout',
      simulated: true,
    })
  })

  it('counts a retried batch once', async () => {
    const batch = Array.from({ length: 30 }, (_, i) => execution('ingest_retry', T0 + i * 1000))
    expect(await ingestExecutions(t.db, batch)).toMatchObject({ inserted: 30, duplicates: 0 })
    const again = await ingestExecutions(t.db, [...batch, batch[0] as (typeof batch)[0]])
    expect(again).toMatchObject({ inserted: 0, duplicates: 30 })
    const [minute] = await queryRows<{ calls: number }>(
      t.db.drizzle,
      sql`select sum(calls)::int as calls from execution_rollups
          where prompt_name = 'ingest_retry' and width_seconds = 86400`,
    )
    expect(minute?.calls).toBe(30)
  })

  it('stores nothing when one row is invalid', async () => {
    const good = execution('ingest_invalid', T0)
    const bad = execution('ingest_invalid', T0, { traceId: 'not-hex' })
    const error = await rejectionOf(ingestExecutions(t.db, [good, bad]))
    expect(isCanonError(error) && error.code).toBe('BAD_REQUEST')
    expect((error as Error).message).toMatch(/execution 1: traceId/)
    const [count] = await queryRows<{ n: number }>(
      t.db.drizzle,
      sql`select count(*)::int as n from executions where prompt_name = 'ingest_invalid'`,
    )
    expect(count?.n).toBe(0)
  })

  it('keeps rollups equal to a rebuild from the raw rows, at every width', async () => {
    const rows = Array.from({ length: 400 }, (_, i) =>
      execution(`ingest_rollup_${i % 3}`, T0 + i * 17_000, {
        promptVersion: 1 + (i % 2),
        variant: i % 5 === 0 ? null : `arm${i % 2}`,
        latencyMs: 5 + ((i * 37) % 2000),
        isError: i % 11 === 0,
        simulated: i % 13 === 0,
        inputTokens: i % 7 === 0 ? null : 50 + i,
        outputTokens: i % 7 === 0 ? null : 10 + (i % 9),
        costUsd: i % 6 === 0 ? null : 0.0001 * (1 + (i % 4)),
      }),
    )
    // In several requests, so rows merge through the upserts.
    for (let i = 0; i < rows.length; i += 64) {
      await ingestExecutions(t.db, rows.slice(i, i + 64))
    }
    const snapshot = () =>
      queryRows<Record<string, unknown>>(
        t.db.drizzle,
        sql`select width_seconds, prompt_name, bucket_start::text, prompt_version, variant,
              calls::int, errors::int, simulated_calls::int, latency_lo, latency_hist,
              round(latency_sum_ms::numeric, 6)::text as lat, usage_calls::int,
              input_tokens::int, output_tokens::int, cost_calls::int,
              round(cost_usd::numeric, 12)::text as cost,
              round(cost_sq_usd::numeric, 15)::text as csq, last_call_at::text
            from execution_rollups where prompt_name like 'ingest\\_rollup\\_%'
            order by 1, 2, 3, 4, 5`,
      )
    const incremental = await snapshot()
    expect(incremental.length).toBeGreaterThan(100)
    await rebuildTelemetryRollups(t.db)
    expect(await snapshot()).toEqual(incremental)
  })

  it('never deadlocks when concurrent requests touch the same rollup rows', async () => {
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) =>
        execution(`ingest_concurrent_${(i + b) % 4}`, T0 + ((i * 7 + b) % 50) * 60_000, {
          promptVersion: 1 + ((i + b) % 2),
        }),
      ),
    )
    const results = await Promise.all(batches.map((batch) => ingestExecutions(t.db, batch)))
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(400)
    const [total] = await queryRows<{ calls: number }>(
      t.db.drizzle,
      sql`select sum(calls)::int as calls from execution_rollups
          where prompt_name like 'ingest\\_concurrent\\_%' and width_seconds = 60`,
    )
    expect(total?.calls).toBe(400)
  })
})
