/**
 * Dashboard metrics queries over 1 000 000 executions (SPEC §7: ≤ 100 ms), on the machine's
 * real Postgres in a fresh database. The executions (20 prompts × 2 versions over the last
 * 7 days, 5 prompts in a 90/10 A/B rollout, feedback and quality scores) are bulk-loaded with
 * generate_series, then the rollups are rebuilt from them with `rebuildTelemetryRollups` (the
 * same rows ingest would have maintained). The three metrics routes then run in process
 * (`app.request`, auth and JSON included); each figure is the median of several runs.
 * Baseline in the same run: a raw `SELECT count(*)` over the executions table.
 */
import { createApiKey, rebuildTelemetryRollups } from '@canon/db'
import { createTestDatabase } from '@canon/db/testing'
import { createApp, createJsonLogger } from '@canon/registry'
import postgres from 'postgres'
import { median, report } from './lib/measure'

const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 1_000_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 9)
const TARGET_MS = 100

const test = await createTestDatabase('postgres')
const pg = postgres(test.url as string, { max: 1, onnotice: () => {} })
try {
  const db = test.db
  let t = performance.now()
  await pg`select setseed(0.42)`
  await pg`
    insert into executions (trace_id, span_id, prompt_name, prompt_version, variant, label,
      digest, fallback, model, provider, started_at, latency_ms, input_tokens, output_tokens,
      cost_usd, is_error, error_type, simulated)
    select md5(i::text)::uuid, lpad(to_hex(i), 16, '0'), p.name, p.version,
      case when p.ab then 'v' || p.version end, 'production', 'sha256:bench', 'fresh',
      'gpt-4o-mini', 'openai', now() - random() * interval '7 days',
      -- log-normal latency around 600 ms (v2 faster)
      exp(ln(case when p.version = 2 then 450 else 600 end)
          + 0.5 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())),
      tok.input, tok.output, (tok.input * 0.15 + tok.output * 0.6) / 1e6,
      e.err, case when e.err then 'timeout' end, false
    from generate_series(1, ${EXECUTIONS}::int) as i
    cross join lateral (select
        format('BenchPrompt%s', lpad((i % 20)::text, 2, '0')) as name,
        case when (i / 20) % 10 = 0 then 2 else 1 end as version,
        i % 20 < 5 as ab) as p
    cross join lateral (select
        (case when p.version = 2 then 900 else 1200 end + (random() * 400)::int) as input,
        (80 + (random() * 120)::int) as output) as tok
    cross join lateral (select random() < 0.02 as err) as e`
  await pg`
    insert into scores (trace_id, name, value, execution_span_id)
    select trace_id, 'user_approval', case when random() < 0.8 then 1 else 0 end, span_id
    from executions where random() < 0.2
    union all
    select trace_id, 'helpfulness', round(random()::numeric, 2), span_id
    from executions where random() < 0.1`
  const loadMs = performance.now() - t
  t = performance.now()
  const { rows } = await rebuildTelemetryRollups(db)
  const rollupMs = performance.now() - t
  await pg`vacuum analyze executions`
  await pg`vacuum analyze execution_rollups`
  await pg`vacuum analyze score_rollups`
  process.stdout.write(
    `  loaded ${EXECUTIONS} executions + scores in ${Math.round(loadMs)} ms; ${rows} rollup rows rebuilt in ${Math.round(rollupMs)} ms\n`,
  )

  const { key } = await createApiKey(db, { name: 'bench', scopes: ['read'] })
  const headers = { authorization: `Bearer ${key}` }
  const app = createApp({
    db,
    config: { bodyLimitBytes: 1 << 20 },
    logger: createJsonLogger({ level: 'info', write: () => {} }),
  })
  const timeMs = async (path: string): Promise<number> => {
    const samples: number[] = []
    for (let i = 0; i < RUNS + 1; i++) {
      const started = performance.now()
      const res = await app.request(path, { headers })
      const body = await res.text()
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body}`)
      if (i > 0) samples.push(performance.now() - started) // the first run warms caches
    }
    return median(samples)
  }
  const countMs: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    await pg`select count(*) from executions`
    countMs.push(performance.now() - started)
  }

  const queries: Array<[string, string]> = [
    ['overview, last 24 h', '/v1/metrics/overview'],
    ['overview, last 7 days', '/v1/metrics/overview?from=7d'],
    ['prompt, last 24 h (5m buckets)', '/v1/metrics/prompts/BenchPrompt00?groupBy=variant'],
    [
      'prompt, last 7 days (1h buckets)',
      '/v1/metrics/prompts/BenchPrompt00?from=7d&groupBy=variant',
    ],
    ['A/B, last 7 days', '/v1/metrics/prompts/BenchPrompt00/ab?from=7d'],
  ]
  let slowest = 0
  for (const [what, path] of queries) {
    const ms = await timeMs(path)
    slowest = Math.max(slowest, ms)
    process.stdout.write(`  ${what}: ${ms.toFixed(1)} ms (${path})\n`)
  }
  const baseline = median(countMs)
  process.stdout.write(
    `bench metrics-count-baseline: ${baseline.toFixed(1)} ms (raw SELECT count(*) over ${EXECUTIONS} executions; no target)\n`,
  )
  report('metrics-query', Number(slowest.toFixed(1)), 'ms', '<=', TARGET_MS)
} finally {
  await pg.end()
  await test.close()
}
