/**
 * Registry HTTP benchmarks (SPEC §7). In one process: a registry on the embedded PGlite database
 * with one published prompt and a label, and a bare Hono app with one JSON route returning the
 * same body, both served by @hono/node-server. autocannon (32 connections, in a worker thread so
 * the servers keep the main thread) warms each up, then runs rounds of 3 s per target (15 s each
 * in all). Ratios are the median of per-round ratios: each round measures the bare route and the
 * registry back to back, so load from the rest of the machine hits both alike.
 *
 * The registry runs as in production (auth, request ids, zod-validated params, ETag, JSON request
 * logs formatted for every request but written to a no-op sink so the bench output stays
 * readable). The bare route pays for `c.json()` serialization per request, as a plain Hono
 * handler does.
 *
 * Also: publish throughput (versions/s over HTTP) and list/snapshot timings over 10 000 prompts ×
 * 5 versions (seeded with `@canon/db/testing`'s `seedPrompts`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createApiKey, createDatabase } from '@canon/db'
import { seedPrompts } from '@canon/db/testing'
import { createApp, createJsonLogger, loadConfig, startRegistry } from '@canon/registry'
import { serve } from '@hono/node-server'
import autocannon from 'autocannon'
import { Hono } from 'hono'
import { median, report } from './lib/measure'

const root = resolve(import.meta.dirname, '..')
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 3)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const CONNECTIONS = 32

/** Request logs are formatted in full; only the write is skipped. */
const logger = createJsonLogger({ level: 'info', write: () => {} })

interface Load {
  rps: number
  p99: number
  non2xx: number
}

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Load> {
  const result = await autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
  })
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  }
}

function listen(fetch: (req: Request) => Response | Promise<Response>) {
  return new Promise<{ url: string; close: () => Promise<void> }>((ok) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => {
      const { port } = server.address() as AddressInfo
      ok({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      })
    })
  })
}

const dataDir = mkdtempSync(join(tmpdir(), 'canon-bench-registry-'))
const registry = await startRegistry(
  loadConfig({ PORT: '0', HOST: '127.0.0.1', CANON_DATA_DIR: dataDir, CANON_LOG_LEVEL: 'silent' }),
  { logger, print: () => {}, handleSignals: false },
)
try {
  const admin = { authorization: `Bearer ${registry.createdAdminKey}` }
  const yaml = readFileSync(join(root, 'prompts/summarize_support_ticket.v2.yaml'), 'utf8')
  const name = /^name:\s*(\S+)/m.exec(yaml)?.[1] ?? 'SummarizeSupportTicket'
  const version = Number(/^version:\s*(\d+)/m.exec(yaml)?.[1] ?? 1)
  const put = await fetch(`${registry.url}/v1/prompts/${name}/versions/${version}`, {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/yaml' },
    body: yaml,
  })
  if (put.status !== 201) throw new Error(`publish failed: ${put.status} ${await put.text()}`)
  const moved = await fetch(`${registry.url}/v1/prompts/${name}/labels/production`, {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ version }),
  })
  if (moved.status !== 200) throw new Error(`label failed: ${moved.status}`)
  const { key: readKey } = await createApiKey(registry.db, {
    name: 'bench-reader',
    scopes: ['read'],
  })
  const read = { authorization: `Bearer ${readKey}` }

  const versionUrl = `${registry.url}/v1/prompts/${name}/versions/${version}`
  const labelUrl = `${registry.url}/v1/prompts/${name}/labels/production`
  const sample: unknown = await (await fetch(versionUrl, { headers: read })).json()
  const bare = new Hono()
  bare.get('/v1/prompts/:name/versions/:version', (c) => c.json(sample as object))
  const bareServer = await listen(bare.fetch)
  const bareUrl = `${bareServer.url}/v1/prompts/${name}/versions/${version}`

  const targets = { bare: bareUrl, version: versionUrl, label: labelUrl }
  const results: Record<keyof typeof targets, Load[]> = { bare: [], version: [], label: [] }
  for (const url of Object.values(targets)) await load(url, read, 2)
  const order = Object.keys(targets) as (keyof typeof targets)[]
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no target always runs first (or last) in a round.
    for (const target of [...order.slice(round % 3), ...order.slice(0, round % 3)]) {
      results[target].push(await load(targets[target], read, ROUND_SECONDS))
    }
  }
  await bareServer.close()

  const rps = (t: keyof typeof targets) => median(results[t].map((r) => r.rps))
  const ratio = (t: keyof typeof targets) =>
    median(results[t].map((r, i) => r.rps / (results.bare[i]?.rps ?? Number.NaN)))
  const p99 = (t: keyof typeof targets) => median(results[t].map((r) => r.p99))
  const failed = (t: keyof typeof targets) => results[t].reduce((n, r) => n + r.non2xx, 0)
  for (const t of order) {
    process.stdout.write(
      `  ${t}: ${Math.round(rps(t))} req/s, p99 ${p99(t)} ms, non-2xx ${failed(t)} (rounds: ${results[t].map((r) => Math.round(r.rps)).join(', ')})\n`,
    )
    if (failed(t) > 0) throw new Error(`${t}: ${failed(t)} failed requests`)
  }

  // Publish throughput: 8 concurrent CI jobs publishing new versions over HTTP.
  const publishSeconds = 5
  let published = 0
  const deadline = performance.now() + publishSeconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 8 }, async (_, worker) => {
      for (let v = 1; performance.now() < deadline; v++) {
        const body = yaml
          .replace(/^name:.*$/m, `name: Bench.Publish${worker}`)
          .replace(/^version:.*$/m, `version: ${v}`)
        const res = await fetch(`${registry.url}/v1/prompts/Bench.Publish${worker}/versions/${v}`, {
          method: 'PUT',
          headers: { ...admin, 'content-type': 'application/yaml' },
          body,
        })
        if (res.status !== 201)
          throw new Error(`publish ${worker}/${v}: ${res.status} ${await res.text()}`)
        published++
      }
    }),
  )
  const publishRate = published / ((performance.now() - started) / 1000)

  report('registry-get-version', ratio('version'), 'x bare hono', '>=', 0.8, 'x')
  report('registry-get-label', ratio('label'), 'x bare hono', '>=', 0.8, 'x')
  report('registry-get-version-p99', p99('version'), 'ms', '<=', 10)
  report('registry-get-label-p99', p99('label'), 'ms', '<=', 10)
  process.stdout.write(
    `bench registry-publish: ${Math.round(publishRate)} versions/s (8 concurrent clients, PGlite; no target)\n`,
  )
} finally {
  await registry.close()
  rmSync(dataDir, { recursive: true, force: true })
}

// List and snapshot over 10 000 prompts × 5 versions, in process (app.request), embedded database.
{
  const db = await createDatabase({ memory: true, migrate: true })
  const seedStart = performance.now()
  const seeded = await seedPrompts(db, { prompts: 10_000, versionsEach: 5 })
  process.stdout.write(
    `  seeded ${seeded.prompts} prompts / ${seeded.versions} versions in ${Math.round(performance.now() - seedStart)} ms\n`,
  )
  const { key } = await createApiKey(db, { name: 'bench', scopes: ['read'] })
  const headers = { authorization: `Bearer ${key}` }
  const app = createApp({ db, config: { bodyLimitBytes: 1 << 20 }, logger })
  const timeMs = async (path: string, runs: number): Promise<number> => {
    const samples: number[] = []
    for (let i = 0; i < runs; i++) {
      const t = performance.now()
      const res = await app.request(path, { headers })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
      samples.push(performance.now() - t)
    }
    return median(samples)
  }
  const firstPage = await (await app.request('/v1/prompts?limit=50', { headers })).json()
  const cursor = encodeURIComponent((firstPage as { nextCursor: string }).nextCursor)
  const lines: Array<[string, number]> = [
    ['registry-list-first-page', await timeMs('/v1/prompts?limit=50', 20)],
    ['registry-list-next-page', await timeMs(`/v1/prompts?limit=50&cursor=${cursor}`, 20)],
    ['registry-list-500', await timeMs('/v1/prompts?limit=500', 10)],
    ['registry-list-search', await timeMs('/v1/prompts?search=_0099&limit=50', 20)],
    ['registry-list-tag', await timeMs('/v1/prompts?tag=team-3&limit=50', 20)],
    ['registry-snapshot-cold', await timeMs('/v1/snapshot?label=production', 1)],
    ['registry-snapshot-warm', await timeMs('/v1/snapshot?label=production', 10)],
  ]
  for (const [id, ms] of lines) {
    process.stdout.write(
      `bench ${id}: ${ms.toPrecision(3)} ms (10 000 prompts × 5 versions, PGlite; no target)\n`,
    )
  }
  await db.close()
}
