import { sql } from 'drizzle-orm'
import type { Database } from '../../database'
import type { Transaction } from '../../internal/transaction'
import { queryRows } from '../../sql'

/**
 * Recomputes `execution_rollups` and `score_rollups` from `executions` and linked `scores`, in
 * one transaction: for backfills, repairs after a manual delete, and benchmarks that bulk-load
 * executions with SQL. Ingest keeps the rollups current by itself; this is never needed for it.
 * Minutes are computed from the raw rows, hours from minutes and days from hours.
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
        select prompt_name, to_timestamp(floor(extract(epoch from started_at) / 60) * 60) as b,
          prompt_version, coalesce(variant, '') as variant, started_at, latency_ms, is_error,
          simulated, input_tokens, output_tokens, cost_usd,
          canon_latency_bucket(latency_ms) as lb
        from executions
      ),
      totals as (
        select prompt_name, b, prompt_version, variant,
          count(*) as calls, count(*) filter (where is_error) as errors,
          count(*) filter (where simulated) as sim, min(lb) as lo, max(lb) as hi,
          sum(latency_ms) as lat,
          count(*) filter (where input_tokens is not null or output_tokens is not null) as uc,
          coalesce(sum(input_tokens), 0) as it, coalesce(sum(output_tokens), 0) as ot,
          count(cost_usd) as cc, coalesce(sum(cost_usd), 0) as cost,
          coalesce(sum(cost_usd * cost_usd), 0) as csq, max(started_at) as last
        from e group by 1, 2, 3, 4
      ),
      counts as (
        select prompt_name, b, prompt_version, variant, lb, count(*)::int as c
        from e group by 1, 2, 3, 4, 5
      )
      ${densify(60)}`)
    await rollUp(tx, 60, 3600)
    await rollUp(tx, 3600, 86_400)
    await tx.execute(sql`
      insert into score_rollups (width_seconds, prompt_name, bucket_start, prompt_version,
        variant, name, n, sum, sum_sq, positives)
      select 60, x.prompt_name, to_timestamp(floor(extract(epoch from x.started_at) / 60) * 60),
        x.prompt_version, coalesce(x.variant, ''), s.name,
        count(*), sum(s.value), sum(s.value * s.value), count(*) filter (where s.value > 0)
      from scores s
      join executions x on x.trace_id = s.trace_id and x.span_id = s.execution_span_id
      group by 2, 3, 4, 5, 6`)
    for (const [from, to] of [
      [60, 3600],
      [3600, 86_400],
    ] as const) {
      await tx.execute(sql`
        insert into score_rollups (width_seconds, prompt_name, bucket_start, prompt_version,
          variant, name, n, sum, sum_sq, positives)
        select ${to}::int, prompt_name,
          to_timestamp(floor(extract(epoch from bucket_start) / ${to}::int) * ${to}::int),
          prompt_version, variant, name, sum(n), sum(sum), sum(sum_sq), sum(positives)
        from score_rollups where width_seconds = ${from}::int
        group by 2, 3, 4, 5, 6`)
    }
    const [count] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from execution_rollups`,
    )
    return { rows: Number(count?.n ?? 0) }
  })
}

/** Builds the `to`-wide execution rollups from the `from`-wide ones. */
async function rollUp(tx: Transaction, from: number, to: number): Promise<void> {
  await tx.execute(sql`
    insert into execution_rollups (width_seconds, prompt_name, bucket_start, prompt_version,
      variant, calls, errors, simulated_calls, latency_lo, latency_hist, latency_sum_ms,
      usage_calls, input_tokens, output_tokens, cost_calls, cost_usd, cost_sq_usd, last_call_at)
    with r as (
      select *, to_timestamp(floor(extract(epoch from bucket_start) / ${to}::int) * ${to}::int) as b
      from execution_rollups where width_seconds = ${from}::int
    ),
    totals as (
      select prompt_name, b, prompt_version, variant, sum(calls) as calls, sum(errors) as errors,
        sum(simulated_calls) as sim, min(latency_lo) as lo,
        max(latency_lo + cardinality(latency_hist) - 1) as hi, sum(latency_sum_ms) as lat,
        sum(usage_calls) as uc, sum(input_tokens) as it, sum(output_tokens) as ot,
        sum(cost_calls) as cc, sum(cost_usd) as cost, sum(cost_sq_usd) as csq,
        max(last_call_at) as last
      from r group by 1, 2, 3, 4
    ),
    counts as (
      select prompt_name, b, prompt_version, variant, (latency_lo + u.k - 1)::int as lb,
        sum(u.c)::int as c
      from r, unnest(r.latency_hist) with ordinality as u(c, k)
      group by 1, 2, 3, 4, 5
    )
    ${densify(to)}`)
}

/**
 * The final select of a rebuild, given CTEs `totals` (one row per rollup key, with the bucket
 * range lo..hi) and `counts` (count per key and bucket): trimmed histograms with zeros filled
 * in, built set-wise (hash joins, no per-row subqueries).
 */
function densify(width: number) {
  return sql`,
    hist as (
      select t.prompt_name, t.b, t.prompt_version, t.variant,
        array_agg(coalesce(c.c, 0) order by i) as counts
      from totals t
      cross join lateral generate_series(t.lo, t.hi) as i
      left join counts c on c.prompt_name = t.prompt_name and c.b = t.b
        and c.prompt_version = t.prompt_version and c.variant = t.variant and c.lb = i
      group by 1, 2, 3, 4
    )
    select ${width}::int, t.prompt_name, t.b, t.prompt_version, t.variant, t.calls, t.errors,
      t.sim, t.lo, h.counts, t.lat, t.uc, t.it, t.ot, t.cc, t.cost, t.csq, t.last
    from totals t join hist h using (prompt_name, b, prompt_version, variant)`
}
