import { type PromptDefinition, promptDigest } from '@canon/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  eventually,
  type InProcessRegistry,
  manualClock,
  startInProcessRegistry,
} from '../test/registry-fixture'
import { createCanon } from './index'

const TICKET = 'My invoice INV-1 was charged twice. Please refund the duplicate.'

let registry: InProcessRegistry
let snapshot: unknown

beforeAll(async () => {
  registry = await startInProcessRegistry()
  const res = await registry.app.request('/v1/snapshot?label=production', {
    headers: { authorization: `Bearer ${registry.readKey}` },
  })
  snapshot = await res.json()
})
afterAll(() => registry.close())

function client(options: Partial<Parameters<typeof createCanon>[0]> = {}) {
  registry.requests.length = 0
  return createCanon({
    baseUrl: 'http://registry.test',
    apiKey: registry.readKey,
    fetch: registry.fetch,
    onError: () => {},
    ...options,
  })
}

/** A fetch for a registry that is down. */
const down = (async () => {
  throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
}) as unknown as typeof fetch

describe('get by label and version', () => {
  it('gets the production version, fresh first and from memory after', async () => {
    const canon = client()
    const first = await canon.get('SummarizeSupportTicket')
    expect(first).toMatchObject({
      name: 'SummarizeSupportTicket',
      version: 1,
      label: 'production',
      source: 'fresh',
    })
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/)
    const again = await canon.get('SummarizeSupportTicket', { label: 'production' })
    expect(again.source).toBe('cache')
    expect(registry.requests).toEqual(['/v1/prompts/SummarizeSupportTicket/labels/production'])
  })

  it('renders text prompts to a string and chat prompts to messages, strictly', async () => {
    const canon = client()
    const summarize = await canon.get('SummarizeSupportTicket', { version: 2 })
    const text = summarize.render({ support_ticket_text: TICKET })
    expect(typeof text).toBe('string')
    expect(text).toContain(TICKET)
    expect(() => summarize.render({})).toThrow(/missing required input `support_ticket_text`/)
    expect(() => summarize.render({ support_ticket_text: TICKET, output_format: 'long' })).toThrow(
      /output_format/,
    )
    const reply = await canon.get('DraftSupportReply')
    const messages = reply.render({
      customer_message: 'Where is my order?',
      knowledge_base_articles: [],
    })
    expect(Array.isArray(messages)).toBe(true)
    expect(messages).toMatchObject([{ role: 'system' }, { role: 'user' }])
  })

  it('keeps versions forever: a second get makes no request, even after any TTL', async () => {
    const clock = manualClock()
    const canon = client({ clock, cacheTtlMs: 1000 })
    expect((await canon.get('ClassifyTicketIntent', { version: 1 })).source).toBe('fresh')
    clock.advance(86_400_000)
    expect((await canon.get('ClassifyTicketIntent', { version: 1 })).source).toBe('cache')
    expect(registry.requests).toHaveLength(1)
  })

  it('makes one request for many concurrent cold gets of the same label', async () => {
    const canon = client()
    const all = await Promise.all(
      Array.from({ length: 20 }, () => canon.get('ExtractOrderDetails')),
    )
    expect(new Set(all.map((p) => p.version))).toEqual(new Set([1]))
    expect(registry.requests).toHaveLength(1)
  })

  it('answers a missing label or version with a clear 404, never a fallback', async () => {
    const canon = client({ fallback: snapshot as never })
    await expect(canon.get('SummarizeSupportTicket', { label: 'canary' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('prompt SummarizeSupportTicket@canary'),
    })
    await expect(canon.get('SummarizeSupportTicket', { version: 9 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(canon.get('NoSuchPrompt')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('rejects bad names, labels and versions before asking the registry', async () => {
    const canon = client()
    await expect(canon.get('../etc/passwd')).rejects.toThrow(/is not a prompt name/)
    await expect(canon.get('SummarizeSupportTicket', { label: 'Prod uction' })).rejects.toThrow(
      /is not a label name/,
    )
    await expect(canon.get('SummarizeSupportTicket', { version: 0 })).rejects.toThrow(/integer ≥ 1/)
    await expect(
      canon.get('SummarizeSupportTicket', { version: 1, label: 'production' } as never),
    ).rejects.toThrow(/not both/)
    expect(registry.requests).toHaveLength(0)
    expect(() => createCanon({ baseUrl: 'registry.local' })).toThrow(/baseUrl must be an http/)
  })

  it('marks deprecated versions and refuses retired ones', async () => {
    const def = promptDef('LifecycleProbe', 1)
    await registry.publish(def)
    await registry.publish(promptDef('LifecycleProbe', 2))
    await registry.setStatus('LifecycleProbe', 1, 'deprecated')
    await registry.setStatus('LifecycleProbe', 2, 'retired')
    const canon = client()
    expect((await canon.get('LifecycleProbe', { version: 1 })).deprecated).toBe(true)
    await expect(canon.get('LifecycleProbe', { version: 2 })).rejects.toMatchObject({
      code: 'GONE',
    })
  })
})

describe('label TTL, revalidation and stale-if-error', () => {
  it('serves a stale label while one background refresh revalidates it with its ETag', async () => {
    const clock = manualClock()
    const canon = client({ clock, cacheTtlMs: 60_000 })
    await canon.get('ClassifyTicketIntent')
    clock.advance(60_001)
    const stale = await Promise.all(
      Array.from({ length: 10 }, () => canon.get('ClassifyTicketIntent')),
    )
    expect(stale.map((p) => p.source)).toEqual(Array(10).fill('stale'))
    await eventually(async () =>
      expect((await canon.get('ClassifyTicketIntent')).source).toBe('cache'),
    )
    expect(registry.requests).toHaveLength(2)
  })

  it('revalidates with If-None-Match (a 304 keeps the copy) and picks up a moved label', async () => {
    const headers: Array<string | null> = []
    const clock = manualClock()
    const canon = client({
      clock,
      cacheTtlMs: 1000,
      fetch: ((input: string, init?: RequestInit) => {
        headers.push(new Headers(init?.headers).get('if-none-match'))
        return registry.fetch(input, init)
      }) as typeof fetch,
    })
    await registry.publish(promptDef('Movable', 1))
    await registry.publish(promptDef('Movable', 2))
    await registry.setLabel('Movable', 'production', 1)
    expect((await canon.get('Movable')).version).toBe(1)
    clock.advance(1001)
    await canon.get('Movable')
    await eventually(() => expect(headers).toHaveLength(2))
    expect(headers[1]).toMatch(/^"[0-9a-f]{64}"$/)

    await registry.setLabel('Movable', 'production', 2)
    clock.advance(1001)
    expect((await canon.get('Movable')).version).toBe(1)
    await eventually(async () =>
      expect(await canon.get('Movable')).toMatchObject({ version: 2, source: 'cache' }),
    )
    expect(headers).toHaveLength(3)
  })

  it('keeps serving the copy in memory when the registry fails (stale-if-error)', async () => {
    const clock = manualClock()
    let fail = false
    const errors: string[] = []
    const canon = client({
      clock,
      cacheTtlMs: 1000,
      onError: (err, what) => errors.push(`${what}: ${(err as Error).message}`),
      fetch: ((input: string, init?: RequestInit) =>
        fail ? down(input, init) : registry.fetch(input, init)) as typeof fetch,
    })
    await canon.get('ClassifyTicketIntent')
    fail = true
    for (let i = 0; i < 5; i++) {
      clock.advance(5000)
      expect(await canon.get('ClassifyTicketIntent')).toMatchObject({ version: 1, source: 'stale' })
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(errors.some((e) => e.includes('ECONNREFUSED'))).toBe(true)
  })
})

describe('fallback snapshot', () => {
  it('answers from the snapshot when the registry is down and the prompt is not in memory', async () => {
    const canon = client({ fetch: down, fallback: snapshot as never })
    const prompt = await canon.get('SummarizeSupportTicket')
    expect(prompt).toMatchObject({ version: 1, label: 'production', source: 'snapshot' })
    expect(prompt.render({ support_ticket_text: TICKET })).toContain(TICKET)
    // A version the snapshot holds is served too; a label it does not hold is an error.
    expect((await canon.get('ClassifyTicketIntent', { version: 1 })).source).toBe('snapshot')
    await expect(canon.get('SummarizeSupportTicket', { version: 2 })).rejects.toThrow(
      /unavailable: cannot reach the registry .*ECONNREFUSED.*does not have it/,
    )
  })

  it('fails clearly when neither the registry nor a snapshot has the prompt', async () => {
    const canon = client({ fetch: down })
    await expect(canon.get('SummarizeSupportTicket')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(
        /SummarizeSupportTicket@production is unavailable.*no fallback snapshot is configured/,
      ),
    })
  })

  it('rejects a malformed snapshot with a message naming canon pull', async () => {
    const canon = client({ fetch: down, fallback: { prompts: 'nope' } as never })
    await expect(canon.get('SummarizeSupportTicket')).rejects.toThrow(
      /not a snapshot written by `canon pull`/,
    )
  })
})

describe('a compromised registry', () => {
  it('never runs code from a malicious template, and falls back to the snapshot', async () => {
    const evil = promptDef(
      'SummarizeSupportTicket',
      1,
      "{{ ''.constructor.constructor('return process')() }}",
    )
    const body = {
      name: evil.name,
      version: 1,
      digest: promptDigest(evil),
      status: 'active',
      definition: evil,
    }
    const ran = vi.fn()
    ;(globalThis as Record<string, unknown>).__canonPwned = ran
    const evilFetch = (async () =>
      new Response(JSON.stringify(body), {
        headers: { 'content-type': 'application/json' },
      })) as unknown as typeof fetch
    const errors: string[] = []
    const canon = client({
      fetch: evilFetch,
      fallback: snapshot as never,
      onError: (err) => errors.push((err as Error).message),
    })
    const prompt = await canon.get('SummarizeSupportTicket')
    expect(prompt.source).toBe('snapshot')
    expect(errors.join('\n')).toMatch(/constructor/)
    expect(ran).not.toHaveBeenCalled()
    await expect(client({ fetch: evilFetch }).get('SummarizeSupportTicket')).rejects.toThrow(
      /constructor/,
    )
  })

  it('rejects a definition that does not match its digest', async () => {
    const def = promptDef('SummarizeSupportTicket', 1)
    const body = { name: def.name, version: 1, digest: 'a'.repeat(64), definition: def }
    const canon = client({
      fetch: (async () => Response.json(body)) as unknown as typeof fetch,
    })
    await expect(canon.get('SummarizeSupportTicket')).rejects.toThrow(/does not match its digest/)
  })
})

describe('prefetch', () => {
  it('loads every prompt at the label in one request; gets then make none', async () => {
    const canon = client()
    const [result] = await canon.prefetch()
    expect(result).toMatchObject({ label: 'production', source: 'registry', skipped: [] })
    expect(result?.prompts).toBeGreaterThanOrEqual(4)
    expect(registry.requests).toEqual(['/v1/snapshot?label=production'])
    for (const name of ['SummarizeSupportTicket', 'ClassifyTicketIntent', 'DraftSupportReply']) {
      expect((await canon.get(name)).source).toBe('cache')
    }
    expect((await canon.get('SummarizeSupportTicket', { version: 1 })).source).toBe('cache')
    expect(registry.requests).toHaveLength(1)
  })

  it('loads from the snapshot when the registry is down, and fails on a missing snapshot file', async () => {
    const canon = client({ fetch: down, fallback: snapshot as never })
    const [result] = await canon.prefetch()
    expect(result?.source).toBe('snapshot')
    expect((await canon.get('DraftSupportReply')).source).toBe('snapshot')
    const broken = client({
      fallback: () => Promise.reject(new Error('ENOENT: prompts.snapshot.json')),
    })
    await expect(broken.prefetch()).rejects.toThrow(/ENOENT/)
  })
})

describe('parse and run', () => {
  const valid = { summary: 'Duplicate charge on INV-1; refund requested.', urgency: 'medium' }

  it('parses output against output.schema, fenced or not, and lists what is wrong', async () => {
    const prompt = await client().get('SummarizeSupportTicket')
    expect(prompt.parse(JSON.stringify(valid))).toEqual(valid)
    expect(prompt.parse(`\`\`\`json\n${JSON.stringify(valid)}\n\`\`\``)).toEqual(valid)
    expect(prompt.parse(valid)).toEqual(valid)
    expect(() => prompt.parse('{"summary": "x", "urgency": "soon"}')).toThrow(
      /does not match output.schema/,
    )
    const bad = prompt.safeParse('not json')
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.errors[0]).toMatch(/not JSON/)
    const classify = await client().get('ClassifyTicketIntent')
    expect(() => classify.parse('billing')).toThrow(/has no output.schema/)
  })

  it('re-asks with the validation errors until the output is valid', async () => {
    const prompt = await client().get('SummarizeSupportTicket')
    const calls: Array<{ attempt: number; last: string; errors?: string[] }> = []
    const result = await prompt.run({ support_ticket_text: TICKET }, (req) => {
      calls.push({
        attempt: req.attempt,
        last: req.messages.at(-1)?.content ?? '',
        errors: req.errors,
      })
      return req.attempt === 1
        ? {
            choices: [{ message: { content: '{"summary": "x", "urgency": "soon"}' } }],
            usage: { prompt_tokens: 100, completion_tokens: 10 },
          }
        : {
            choices: [{ message: { content: JSON.stringify(valid) } }],
            usage: { prompt_tokens: 130, completion_tokens: 12 },
          }
    })
    expect(result).toMatchObject({
      value: valid,
      attempts: 2,
      usage: { inputTokens: 230, outputTokens: 22 },
    })
    expect(calls[0]?.last).toContain(TICKET)
    expect(calls[1]?.last).toMatch(/does not match the required output format/)
    expect(calls[1]?.errors?.join()).toBeTruthy()
  })

  it('gives up after output.retries re-asks with the errors in the message', async () => {
    const prompt = await client().get('SummarizeSupportTicket')
    const callModel = vi.fn(() => 'I think it is urgent')
    await expect(prompt.run({ support_ticket_text: TICKET }, callModel)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/after 2 attempts: the output is not JSON/),
    })
    expect(callModel).toHaveBeenCalledTimes(2)
  })
})

describe('score', () => {
  it('sends the score with a telemetry key, and says clearly when the key lacks the scope', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c'
    const app = client({ apiKey: registry.appKey })
    await app.score(traceId, { name: 'user_approval', value: true, comment: 'spot on' })
    await app.score(traceId, { name: 'quality', value: 0.8 })
    expect(registry.requests).toEqual(['/v1/scores', '/v1/scores'])
    // Both answered 202 (score resolves only on success); the registry's own tests check storage.

    const canon = client()
    await expect(canon.score(traceId, { name: 'user_approval', value: 1 })).rejects.toThrow(
      /POST \/v1\/scores: 403.*telemetry/,
    )
    await expect(canon.score('nope', { name: 'x', value: 1 })).rejects.toThrow(/32 lower-case hex/)
    await expect(
      canon.score('0af7651916cd43dd8448eb211c80319c', { name: 'x', value: Number.NaN }),
    ).rejects.toThrow(/finite number/)
    await expect(
      // @ts-expect-error: strings are not scores
      canon.score(traceId, { name: 'x', value: 'great' }),
    ).rejects.toThrow(/finite number or a boolean/)
  })
})

function promptDef(name: string, version: number, template = 'Hello {{ who }}'): PromptDefinition {
  return {
    name,
    version,
    tags: [],
    owners: [],
    inputs: { who: { type: 'string', required: true } },
    model: {},
    template,
  }
}
