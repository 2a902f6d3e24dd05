/**
 * OTLP ingest into Postgres (SPEC §7: ≥ 10 000 spans/s sustained on 2 cores). A fresh database
 * on the machine's real Postgres; the registry on a real port, in this process, as in
 * production (auth, request logs formatted but not written). Senders in a worker thread post
 * OTLP/JSON batches of 512 spans (as `@opentelemetry/exporter-trace-otlp-http` encodes them,
 * with SDK-like prompt attributes, fresh trace ids per request) from several concurrent
 * connections for ~10 s.
 *
 * Baseline in the same run: the raw multi-row INSERT rate of the same rows (postgres.js
 * `sql(rows)`, same batch size and concurrency, no HTTP, no decoding, no rollups), measured
 * before and after the HTTP run.
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { Worker } from 'node:worker_threads'
import { createApiKey, type ExecutionInput } from '@canon/db'
import { createTestDatabase } from '@canon/db/testing'
import { createApp, createJsonLogger } from '@canon/registry'
import { serve } from '@hono/node-server'
import postgres from 'postgres'
import { report } from './lib/measure'

const BATCH = Number(process.env.BENCH_BATCH ?? 512)
const SENDERS = Number(process.env.BENCH_SENDERS ?? 4)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 4)
const TARGET = 10_000
const PROMPTS = 8

/** The OTLP/JSON the OTel JS exporter sends for `BATCH` prompt spans (ids filled in per request). */
function otlpTemplate(): { body: Buffer; positions: number[] } {
  const now = Date.now()
  const spans = Array.from({ length: BATCH }, (_, i) => {
    const start = BigInt(now - 1000 + (i % 500)) * 1_000_000n
    const version = 1 + (i % 10 === 0 ? 1 : 0)
    const attributes: Record<string, string | number | boolean> = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.prompt.name': `IngestPrompt${i % PROMPTS}`,
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 512,
      'canon.prompt.name': `IngestPrompt${i % PROMPTS}`,
      'canon.prompt.version': version,
      'canon.prompt.digest':
        'sha256:9f2c1e7a0b4d4c21c0ffee4d2a7b8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      'canon.prompt.label': 'production',
      'canon.prompt.variant': `v${version}`,
      'canon.prompt.fallback': 'cache',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': `chatcmpl-${i}`,
      'gen_ai.usage.input_tokens': 900 + i,
      'gen_ai.usage.output_tokens': 120 + (i % 50),
      'canon.cost.usd': 0.00021 + i * 1e-7,
    }
    return {
      traceId: `@@@@@@@@${randomBytes(12).toString('hex')}`,
      spanId: randomBytes(8).toString('hex'),
      name: 'chat gpt-4o-mini',
      kind: 3,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + BigInt(200 + (i % 900)) * 1_000_000n),
      attributes: Object.entries(attributes).map(([key, v]) => ({
        key,
        value:
          typeof v === 'string'
            ? { stringValue: v }
            : Number.isInteger(v)
              ? { intValue: String(v) }
              : { doubleValue: v },
      })),
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      status: { code: 0 },
      links: [],
      droppedLinksCount: 0,
    }
  })
  const body = JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'support-app' } },
            { key: 'telemetry.sdk.language', value: { stringValue: 'nodejs' } },
            { key: 'telemetry.sdk.name', value: { stringValue: 'opentelemetry' } },
            { key: 'telemetry.sdk.version', value: { stringValue: '2.12.1' } },
          ],
          droppedAttributesCount: 0,
        },
        scopeSpans: [{ scope: { name: '@canon/sdk', version: '0.1.0' }, spans }],
      },
    ],
  })
  // ASCII only: character offsets are byte offsets.
  const positions: number[] = []
  for (let at = body.indexOf('@@@@@@@@'); at >= 0; at = body.indexOf('@@@@@@@@', at + 8)) {
    positions.push(at)
  }
  return { body: Buffer.from(body.replaceAll('@@@@@@@@', '00000000'), 'latin1'), positions }
}

/**
 * Senders in a worker thread, with node:http and keep-alive: each has its own copy of the body
 * and writes a fresh 8-hex-digit trace id prefix into it per request, so sending costs next to
 * nothing on this 2-core machine and the registry gets the CPU.
 */
const SENDER = `
const http = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')
const { url, key, body, positions, senders, seconds, offset } = workerData
const target = new URL(url)
const agent = new http.Agent({ keepAlive: true, maxSockets: senders })
let counter = offset
let requests = 0, failures = 0, lastError = ''
const deadline = Date.now() + seconds * 1000
function post(buf) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': buf.length,
        authorization: 'Bearer ' + key },
    }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }))
    })
    req.on('error', reject)
    req.end(buf)
  })
}
async function loop() {
  const buf = Buffer.from(body)
  while (Date.now() < deadline) {
    const prefix = (counter++).toString(16).padStart(8, '0')
    for (const at of positions) buf.write(prefix, at, 'latin1')
    const res = await post(buf)
    if (res.status !== 200 || res.text !== '{}') { failures++; lastError = res.status + ' ' + res.text.slice(0, 200) }
    else requests++
  }
}
Promise.all(Array.from({ length: senders }, loop)).then(() => {
  agent.destroy()
  parentPort.postMessage({ requests, failures, lastError })
})
`

function send(url: string, key: string, template: Template, seconds: number, offset: number) {
  return new Promise<{ requests: number; failures: number; lastError: string }>(
    (resolve, reject) => {
      const worker = new Worker(SENDER, {
        eval: true,
        workerData: { url, key, ...template, senders: SENDERS, seconds, offset },
      })
      worker.once('message', resolve)
      worker.once('error', reject)
    },
  )
}

type Template = ReturnType<typeof otlpTemplate>

/** The rows the route stores for the template, for the baseline INSERT. */
function baselineRows(): Omit<ExecutionInput, 'startedAtMs'>[] & { started_at?: never } {
  const now = Date.now()
  return Array.from({ length: BATCH }, (_, i) => {
    const version = 1 + (i % 10 === 0 ? 1 : 0)
    return {
      traceId: '',
      spanId: randomBytes(8).toString('hex'),
      promptName: `IngestPrompt${i % PROMPTS}`,
      promptVersion: version,
      variant: `v${version}`,
      label: 'production',
      digest: 'sha256:9f2c1e7a0b4d4c21c0ffee4d2a7b8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      fallback: 'cache',
      model: 'gpt-4o-mini-2024-07-18',
      provider: 'openai',
      startedAt: new Date(now - 1000 + (i % 500)),
      latencyMs: 200 + (i % 900),
      inputTokens: 900 + i,
      outputTokens: 120 + (i % 50),
      costUsd: 0.00021 + i * 1e-7,
      isError: false,
      errorType: null,
      simulated: false,
    }
  })
}

async function rawInsertRate(url: string, seconds: number, offset: number): Promise<number> {
  const sql = postgres(url, { max: SENDERS, onnotice: () => {} })
  const template = baselineRows()
  const suffixes = template.map(() => randomBytes(12).toString('hex'))
  let counter = offset
  let spans = 0
  const deadline = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (performance.now() < deadline) {
        const prefix = (counter++).toString(16).padStart(8, '0')
        const rows = template.map((r, i) => ({
          trace_id: `${prefix}${suffixes[i]}`,
          span_id: r.spanId,
          prompt_name: r.promptName,
          prompt_version: r.promptVersion,
          variant: r.variant,
          label: r.label,
          digest: r.digest,
          fallback: r.fallback,
          model: r.model,
          provider: r.provider,
          started_at: (r as unknown as { startedAt: Date }).startedAt,
          latency_ms: r.latencyMs,
          input_tokens: r.inputTokens,
          output_tokens: r.outputTokens,
          cost_usd: r.costUsd,
          is_error: r.isError,
          error_type: r.errorType,
          simulated: r.simulated,
        }))
        await sql`insert into executions ${sql(rows)}`
        spans += rows.length
      }
    }),
  )
  const rate = spans / ((performance.now() - started) / 1000)
  await sql.end()
  return rate
}

const test = await createTestDatabase('postgres')
try {
  const url = test.url as string
  const { key } = await createApiKey(test.db, { name: 'bench', scopes: ['telemetry'] })
  const app = createApp({
    db: test.db,
    config: { bodyLimitBytes: 1 << 20 },
    logger: createJsonLogger({ level: 'info', write: () => {} }),
  })
  const server = await new Promise<ReturnType<typeof serve>>((ready) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(s))
  })
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`
  const template = otlpTemplate()
  process.stdout.write(
    `  ${BATCH} spans per request, ${Math.round(template.body.length / 1024)} KiB of OTLP/JSON; ${SENDERS} concurrent senders\n`,
  )

  const before = await rawInsertRate(url, BASELINE_SECONDS, 0x10000000)
  await send(endpoint, key, template, 1, 0x20000000) // warm-up
  const started = performance.now()
  const result = await send(endpoint, key, template, SECONDS, 0x30000000)
  const elapsed = (performance.now() - started) / 1000
  const after = await rawInsertRate(url, BASELINE_SECONDS, 0x40000000)
  server.close()
  if (result.failures > 0) {
    throw new Error(`${result.failures} requests failed (last: ${result.lastError})`)
  }

  const rate = (result.requests * BATCH) / elapsed
  const baseline = (before + after) / 2
  const check = postgres(url, { max: 1 })
  const [stored] =
    await check`select count(*)::int as n from executions where prompt_name like 'IngestPrompt%' and trace_id::text >= '30000000' and trace_id::text < '40000000'`
  const [rolled] =
    await check`select sum(calls)::int as n from execution_rollups where width_seconds = 86400`
  await check.end()
  process.stdout.write(
    `  HTTP ingest: ${result.requests} requests in ${elapsed.toFixed(1)} s; ${stored?.n} executions stored by this run, ${rolled?.n} counted in the day rollups (incl. warm-up)\n`,
  )
  process.stdout.write(
    `  raw INSERT baseline: ${Math.round(before)} spans/s before, ${Math.round(after)} after\n`,
  )
  process.stdout.write(
    `bench ingest-vs-raw-insert: ${(rate / baseline).toFixed(2)} x (HTTP + OTLP decoding + rollups vs raw multi-row INSERT of the same rows; no target)\n`,
  )
  report('ingest', Math.round(rate), 'spans/s', '>=', TARGET)
} finally {
  await test.close()
}
