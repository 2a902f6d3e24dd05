/**
 * SPEC §7 "registry down: the SDK keeps serving every prompt it has seen or has in its
 * snapshot", over real HTTP: a loop of gets keeps running while the registry process stops.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApiKey } from '@canon/db'
import { type RunningRegistry, startRegistry } from '@canon/registry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { examplePrompts } from '../../test/registry-fixture'
import { createCanon, type PromptSource } from './index'

const ADMIN_KEY = 'canon-test-admin-key-0123456789abcdef'
const dir = mkdtempSync(join(tmpdir(), 'canon-sdk-outage-'))
let registry: RunningRegistry | undefined
let readKey = ''

async function call(method: string, path: string, body: unknown) {
  const res = await fetch(`${registry?.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
}

beforeAll(async () => {
  registry = await startRegistry(
    {
      port: 0,
      host: '127.0.0.1',
      database: { dataDir: join(dir, 'data') },
      adminKey: ADMIN_KEY,
      bodyLimitBytes: 1 << 20,
      logLevel: 'silent',
    },
    { handleSignals: false, print: () => {}, drainTimeoutMs: 500 },
  )
  for (const def of await examplePrompts()) {
    await call('PUT', `/v1/prompts/${def.name}/versions/${def.version}`, { definition: def })
    if (def.version === 1) {
      await call('PUT', `/v1/prompts/${def.name}/labels/production`, { version: 1 })
    }
  }
  readKey = (await createApiKey(registry.db, { name: 'app', scopes: ['read'] })).key
  // What `canon pull --label production --out prompts.snapshot.json` writes.
  const res = await fetch(`${registry.url}/v1/snapshot?label=production`, {
    headers: { authorization: `Bearer ${readKey}` },
  })
  writeFileSync(join(dir, 'prompts.snapshot.json'), JSON.stringify(await res.json(), null, 2))
})

afterAll(async () => {
  await registry?.close().catch(() => {})
  rmSync(dir, { recursive: true, force: true })
})

describe('registry outage over HTTP', () => {
  it('keeps answering every prompt seen before or in the snapshot while the registry stops', async () => {
    const url = registry?.url as string
    const canon = createCanon({
      baseUrl: url,
      apiKey: readKey,
      fallback: join(dir, 'prompts.snapshot.json'),
      cacheTtlMs: 100,
      timeoutMs: 1_000,
      onError: () => {},
    })
    // Seen before the outage: two labels and a version the snapshot does not hold.
    expect((await canon.get('SummarizeSupportTicket')).source).toBe('fresh')
    expect((await canon.get('ClassifyTicketIntent')).source).toBe('fresh')
    expect((await canon.get('SummarizeSupportTicket', { version: 2 })).source).toBe('fresh')

    const asks: Array<[string, { version?: number }]> = [
      ['SummarizeSupportTicket', {}],
      ['ClassifyTicketIntent', {}],
      ['SummarizeSupportTicket', { version: 2 }],
      // Asked only once the registry is down: the snapshot has them.
      ['DraftSupportReply', {}],
      ['ExtractOrderDetails', {}],
    ]
    const vars: Record<string, Record<string, unknown>> = {
      SummarizeSupportTicket: { support_ticket_text: 'The export is broken.' },
      ClassifyTicketIntent: { ticket_subject: 'Export', ticket_text: 'The export is broken.' },
      DraftSupportReply: { customer_message: 'Hi', knowledge_base_articles: [] },
      ExtractOrderDetails: { email_text: 'Order #42' },
    }
    const failures: string[] = []
    const sources = new Map<PromptSource, number>()
    let stopped = false
    let afterStop = 0
    const started = Date.now()
    const stopping = (async () => {
      await new Promise((r) => setTimeout(r, 600))
      await registry?.close()
      stopped = true
    })()
    let i = 0
    while (Date.now() - started < 2_500) {
      const [name, opts] = asks[i++ % (stopped ? asks.length : 3)] as [string, { version?: number }]
      try {
        const prompt = await canon.get(name, opts)
        prompt.render(vars[name])
        sources.set(prompt.source, (sources.get(prompt.source) ?? 0) + 1)
        if (stopped) afterStop++
      } catch (err) {
        failures.push(`${name}: ${(err as Error).message}`)
      }
      await new Promise((r) => setTimeout(r, 2))
    }
    await stopping
    expect(failures).toEqual([])
    expect(afterStop).toBeGreaterThan(100)
    expect(sources.get('stale')).toBeGreaterThan(0)
    expect(sources.get('snapshot')).toBeGreaterThan(0)

    // Something never seen and not in the snapshot: one clear error.
    await expect(canon.get('SummarizeSupportTicket', { label: 'staging' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/cannot reach the registry.*ECONNREFUSED.*does not have it/),
    })
  }, 60_000)
})
