import { sql } from 'drizzle-orm'
import type { Database } from '../../database'
import { queryRows } from '../../sql'

/**
 * Recomputes `execution_rollups` and `score_rollups` from `executions` and linked `scores`, in
 * one transaction: for backfills, repairs after a manual delete, and benchmarks that bulk-load
 * executions with SQL. Ingest keeps the rollups current by itself; this is never needed for it.
 *
 * @example
 * const { rows } = await rebuildTelemetryRollups(db)
 */
export async function rebuildTelemetryRollups(db: Database): Promise<{ rows: number }> {
  return db.drizzle.transaction(async (tx) => {
    await tx.execute(sql`delete from execution_rollups`)
    await tx.execute(sql`delete from score_rollups`)
    await tx.execute(sql`
      insert into execution_rollups (width_seconds, prompt_name, bucket_start, prompt_version,
        variant, calls, errors, simulated_calls, latency_lo, latency_hist, latency_sum_ms,
        usage_calls, input_tokens, output_tokens, cost_calls, cost_usd, cost_sq_usd, last_call_at)
      with e as (
        select w.width, x.prompt_name,
          to_timestamp(floor(extract(epoch from x.started_at) / w.width) * w.width) as b,
          x.prompt_version, coalesce(x.variant, '') as variant, x.started_at, x.latency_ms,
          x.is_error, x.simulated, x.input_tokens, x.output_tokens, x.cost_usd,
          canon_latency_bucket(x.latency_ms) as lb
        from executions x cross join (values (60), (3600), (86400)) as w(width)
      ),
      totals as (
        select width, prompt_name, b, prompt_version, variant,
          count(*) as calls, count(*) filter (where is_error) as errors,
          count(*) filter (where simulated) as sim, min(lb) as lo, max(lb) as hi,
          sum(latency_ms) as lat,
          count(*) filter (where input_tokens is not null or output_tokens is not null) as uc,
          coalesce(sum(input_tokens), 0) as it, coalesce(sum(output_tokens), 0) as ot,
          count(cost_usd) as cc, coalesce(sum(cost_usd), 0) as cost,
          coalesce(sum(cost_usd * cost_usd), 0) as csq, max(started_at) as last
        from e group by 1, 2, 3, 4, 5
      ),
      counts as (
        select width, prompt_name, b, prompt_version, variant, lb, count(*)::int as c
        from e group by 1, 2, 3, 4, 5, 6
      ),
      hist as (
        select t.width, t.prompt_name, t.b, t.prompt_version, t.variant,
          array_agg(coalesce(c.c, 0) order by i) as counts
        from totals t
        cross join lateral generate_series(t.lo, t.hi) as i
        left join counts c on c.width = t.width and c.prompt_name = t.prompt_name and c.b = t.b
          and c.prompt_version = t.prompt_version and c.variant = t.variant and c.lb = i
        group by 1, 2, 3, 4, 5
      )
      select t.width, t.prompt_name, t.b, t.prompt_version, t.variant, t.calls, t.errors, t.sim,
        t.lo, h.counts, t.lat, t.uc, t.it, t.ot, t.cc, t.cost, t.csq, t.last
      from totals t join hist h using (width, prompt_name, b, prompt_version, variant)`)
    await tx.execute(sql`
      insert into score_rollups (width_seconds, prompt_name, bucket_start, prompt_version,
        variant, name, n, sum, sum_sq, positives)
      select w.width, x.prompt_name,
        to_timestamp(floor(extract(epoch from x.started_at) / w.width) * w.width),
        x.prompt_version, coalesce(x.variant, ''), s.name,
        count(*), sum(s.value), sum(s.value * s.value), count(*) filter (where s.value > 0)
      from scores s
      join executions x on x.trace_id = s.trace_id and x.span_id = s.execution_span_id
      cross join (values (60), (3600), (86400)) as w(width)
      group by 1, 2, 3, 4, 5, 6`)
    const [count] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from execution_rollups`,
    )
    return { rows: Number(count?.n ?? 0) }
  })
}
