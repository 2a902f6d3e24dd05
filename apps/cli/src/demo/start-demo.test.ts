import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { listApiKeys, verifyApiKey } from '@canon/db'
import { loadConfig, type RunningRegistry, startRegistry } from '@canon/registry'
import { createCanon } from '@canon/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryIo } from '../io'
import { run } from '../main'
import { DEMO_KEY_NAME } from './demo-key'
import { AB_PROMPT, DEMO_SCENARIOS } from './scenarios'
import { startDemo } from './start-demo'

const root = resolve(import.meta.dirname, '../../../..')
const adminKey = 'canon_test_admin_key_demo_0123456789'

async function registryOn(dataDir: string): Promise<RunningRegistry> {
  return startRegistry(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CANON_DATA_DIR: dataDir,
      CANON_ADMIN_KEY: adminKey,
      CANON_LOG_LEVEL: 'silent',
    }),
    { handleSignals: false, print: () => {} },
  )
}

// biome-ignore lint/suspicious/noExplicitAny: metrics responses are read field by field
type Json = any

async function waitFor(check: () => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('canon serve --demo against a real registry', () => {
  let registry: RunningRegistry
  const get = async (path: string, key = adminKey): Promise<Json> => {
    const res = await fetch(`${registry.url}${path}`, {
      headers: { Authorization: `Bearer ${key}` },
    })
    expect(res.status, path).toBe(200)
    return res.json()
  }
  const totalCalls = async () => {
    const overview = await get('/v1/metrics/overview?from=48h')
    return (overview.prompts as { calls: number }[]).reduce((sum, p) => sum + p.calls, 0)
  }

  beforeAll(async () => {
    registry = await registryOn(mkdtempSync(join(tmpdir(), 'canon-demo-')))
    const io = memoryIo({
      cwd: root,
      env: { CANON_REGISTRY_URL: registry.url, CANON_API_KEY: adminKey },
    })
    expect(await run(['publish', 'prompts/', '--label', 'production'], io)).toBe(0)
  }, 120_000)

  afterAll(async () => {
    await registry?.close()
  })

  it('answers every example prompt with output its schema accepts', async () => {
    const canon = createCanon({ baseUrl: registry.url, apiKey: adminKey })
    for (const scenario of DEMO_SCENARIOS) {
      const versions = scenario.prompt === AB_PROMPT ? [1, 2] : [1]
      for (const version of versions) {
        const prompt = await canon.get(scenario.prompt, { version })
        for (const c of scenario.cases) {
          prompt.render(c.vars)
          if (prompt.definition.output?.schema) {
            expect(prompt.safeParse(c.output).ok, `${scenario.prompt} ${c.id}`).toBe(true)
          }
        }
      }
    }
  })

  it('backfills a day of 90/10 A/B traffic that the metrics API shows, marked simulated', async () => {
    const lines: string[] = []
    const demo = await startDemo({
      registryUrl: registry.url,
      db: registry.db,
      print: (text) => lines.push(text),
      backfill: 3000,
      rate: 0,
      seed: 11,
    })
    await demo.backfilled
    const stats = await demo.stop()
    expect(stats).toMatchObject({ backfilled: 3000, live: 0, failedRequests: 0 })
    expect(stats.spansExported).toBe(3000)
    expect(stats.spansFailed).toBe(0)
    expect(stats.scoresSent).toBeGreaterThan(500)
    expect(stats.scoresFailed).toBe(0)
    const printed = lines.join('')
    expect(printed).toMatch(/^Demo mode: simulated traffic/m)
    expect(printed).toContain('the dashboard marks them as simulated')
    expect(printed).toContain('ClassifyTicketIntent, DraftSupportReply, ExtractOrderDetails')
    expect(printed).toMatch(/Backfilled 3,000 simulated executions over the last 24 h in [\d.]+ s/)

    const byVariant = await get(`/v1/metrics/prompts/${AB_PROMPT}?groupBy=variant&from=25h`)
    expect(byVariant.simulated).toBe(true)
    const v1 = byVariant.groups.find((g: Json) => g.variant === 'v1')
    const v2 = byVariant.groups.find((g: Json) => g.variant === 'v2')
    expect([v1.version, v2.version]).toEqual([1, 2])
    const share = v2.calls / (v1.calls + v2.calls)
    expect(share).toBeGreaterThan(0.06)
    expect(share).toBeLessThan(0.14)
    // v2's shorter template: fewer input tokens (counted on the real rendered prompts), cheaper.
    expect(v1.avgInputTokens - v2.avgInputTokens).toBeGreaterThan(150)
    expect(v2.costPerCallUsd).toBeLessThan(0.8 * v1.costPerCallUsd)
    expect(v1.latencyP50Ms).toBeGreaterThan(780)
    expect(v1.latencyP50Ms).toBeLessThan(1020)
    expect(v2.latencyP50Ms).toBeLessThan(0.8 * v1.latencyP50Ms)
    expect(v1.errors).toBeGreaterThan(0)
    expect(v1.feedback.approvalRate).toBeGreaterThan(0.7)
    expect(v1.feedback.approvalRate).toBeLessThan(0.86)
    expect(v2.feedback.n).toBeGreaterThan(10)
    expect(v1.scores.quality.n).toBeGreaterThan(10)

    const ab = await get(`/v1/metrics/prompts/${AB_PROMPT}/ab?from=25h`)
    expect(ab.simulated).toBe(true)
    expect(ab.arms.map((a: Json) => a.variant).sort()).toEqual(['v1', 'v2'])
    for (const arm of ab.arms) expect(arm.approval.n).toBeGreaterThan(10)
    expect(ab.verdict.cheaper).toMatchObject({ arm: 'v2', significant: true })
    expect(ab.verdict.text).toMatch(/^v2 is \d+ % cheaper/)

    // Spread over the day, busier in the afternoon than at night.
    const hourly = await get(`/v1/metrics/prompts/${AB_PROMPT}?bucket=1h&from=25h`)
    const perHour = new Map<string, number>()
    for (const s of hourly.series) perHour.set(s.t, (perHour.get(s.t) ?? 0) + s.calls)
    expect(perHour.size).toBeGreaterThanOrEqual(23)
    const counts = [...perHour.values()]
    expect(Math.max(...counts)).toBeGreaterThan(3 * Math.min(...counts))

    const overview = await get('/v1/metrics/overview?from=25h')
    expect(overview.simulated).toBe(true)
    expect(overview.prompts.map((p: Json) => p.name).sort()).toEqual([
      'ClassifyTicketIntent',
      'DraftSupportReply',
      'ExtractOrderDetails',
      AB_PROMPT,
    ])
  }, 60_000)

  it('continues the history, keeps live traffic going, and exports every span when stopped', async () => {
    const before = await totalCalls()
    const lines: string[] = []
    const demo = await startDemo({
      registryUrl: registry.url,
      db: registry.db,
      print: (text) => lines.push(text),
      backfill: 3000,
      rate: 40,
      seed: 12,
    })
    await demo.backfilled
    // The first run's day is there: only the minutes since are backfilled.
    expect(lines.join('')).toContain('Continuing the simulated history from')
    expect(demo.stats().backfilled).toBeLessThan(60)
    await waitFor(() => demo.stats().live >= 20, 20_000)
    const stats = await demo.stop()

    expect(stats.failedRequests).toBe(0)
    expect(stats.spansFailed).toBe(0)
    expect(stats.spansExported).toBe(stats.backfilled + stats.live)
    expect(await totalCalls()).toBe(before + stats.backfilled + stats.live)

    const key = /#key=(canon_\w+)/.exec(lines.join(''))?.[1]
    expect(key).toBeDefined()
    // Revoked in the database (the registry's key cache may keep it for up to 30 s).
    expect(await verifyApiKey(registry.db, key as string)).toBeNull()
    const demoKeys = (await listApiKeys(registry.db)).filter((k) => k.name === DEMO_KEY_NAME)
    expect(demoKeys).toHaveLength(2)
    expect(
      demoKeys.every((k) => k.revokedAt !== null && k.scopes.join() === 'read,telemetry'),
    ).toBe(true)
  }, 60_000)
})

describe('canon serve --demo on a registry without the A/B prompt', () => {
  let registry: RunningRegistry
  beforeAll(async () => {
    registry = await registryOn(mkdtempSync(join(tmpdir(), 'canon-demo-empty-')))
  }, 60_000)
  afterAll(async () => {
    await registry?.close()
  })

  it('refuses with a clear error and leaves no live key behind', async () => {
    await expect(
      startDemo({ registryUrl: registry.url, db: registry.db, print: () => {}, rate: 0 }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('needs SummarizeSupportTicket v1 and v2'),
    })
    const keys = (await listApiKeys(registry.db)).filter((k) => k.name === DEMO_KEY_NAME)
    expect(keys).toHaveLength(1)
    expect(keys[0]?.revokedAt).not.toBeNull()
  })
})
