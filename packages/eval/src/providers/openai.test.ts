import type { CanonError } from '@canon/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StubServer } from '../../test/stubs'
import { startOpenAIStub } from '../../test/stubs'
import type { ManualClock } from '../http/clock'
import { manualClock } from '../http/clock'
import { createOpenAIProvider } from './openai'
import type { CompletionRequest } from './types'

let stub: StubServer
let clock: ManualClock

beforeEach(async () => {
  stub = await startOpenAIStub({ apiKey: 'sk-test' })
  clock = manualClock()
})
afterEach(() => stub.close())

const provider = (extra: Parameters<typeof createOpenAIProvider>[0] = {}) =>
  createOpenAIProvider({
    baseUrl: stub.url,
    apiKey: 'sk-test',
    http: { clock, timeoutMs: 2000 },
    ...extra,
  })

const req: CompletionRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You route tickets.' },
    { role: 'user', content: 'I was charged twice' },
  ],
  params: { temperature: 0, max_tokens: 5, stop: ['\n'], frequency_penalty: 0.5 },
}

const sentBody = (i = 0) => (stub.requests[i]?.body ?? {}) as Record<string, unknown>

async function failure(promise: Promise<unknown>): Promise<CanonError> {
  try {
    await promise
  } catch (err) {
    return err as CanonError
  }
  throw new Error('expected the call to fail')
}

describe('openai provider', () => {
  it('sends a Chat Completions request with the key and every param', async () => {
    await provider().complete(req)
    const sent = stub.requests[0]
    expect(sent?.path).toBe('/v1/chat/completions')
    expect(sent?.headers.authorization).toBe('Bearer sk-test')
    expect(sent?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: req.messages,
      temperature: 0,
      max_tokens: 5,
      stop: ['\n'],
      frequency_penalty: 0.5,
    })
  })

  it('normalizes text, usage, cost, reported model, finish reason and fingerprint', async () => {
    stub.enqueue({
      kind: 'reply',
      text: 'billing',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { input: 1000, output: 2, cacheRead: 400 },
      finishReason: 'length',
    })
    const result = await provider().complete(req)
    expect(result).toMatchObject({
      text: 'billing',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { inputTokens: 1000, outputTokens: 2, cacheReadTokens: 400 },
      finishReason: 'length',
      systemFingerprint: 'fp_stub',
      attempts: 1,
    })
    // 600 × 0.15 + 400 × 0.075 + 2 × 0.6, per 1M.
    expect(result.costUsd).toBeCloseTo((600 * 0.15 + 400 * 0.075 + 2 * 0.6) / 1e6, 12)
    expect(result.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('leaves cost undefined for a model missing from the price table', async () => {
    const result = await provider().complete({ ...req, model: 'qwen2.5-7b-instruct' })
    expect(result.costUsd).toBeUndefined()
    const priced = await provider({ price: { input: 0, output: 0 } }).complete({
      ...req,
      model: 'qwen2.5-7b-instruct',
    })
    expect(priced.costUsd).toBe(0)
  })

  it('asks for JSON matching the output schema', async () => {
    const schema = { type: 'object', properties: { label: { type: 'string' } } }
    await provider().complete({
      ...req,
      params: { response_format: { type: 'json_schema', name: 'ticket', schema } },
    })
    expect(sentBody().response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'ticket', schema, strict: false },
    })
  })

  it('sends max_completion_tokens to reasoning models', async () => {
    await provider().complete({ ...req, model: 'o3-mini', params: { max_tokens: 50 } })
    const body = sentBody()
    expect(body.max_completion_tokens).toBe(50)
    expect(body.max_tokens).toBeUndefined()
  })

  it('uses the configured model when the request has none', async () => {
    const result = await provider({ model: 'gpt-4.1-mini' }).complete({ ...req, model: '' })
    expect(result.model).toBe('gpt-4.1-mini')
  })

  it('honours Retry-After on 429 through the injected clock', async () => {
    stub.enqueue(
      { kind: 'rate-limit', retryAfter: '3' },
      { kind: 'rate-limit', retryAfterMs: '40' },
    )
    const result = await provider().complete(req)
    expect(result.attempts).toBe(3)
    expect(clock.sleeps).toEqual([3000, 40])
  })

  it('surfaces the server message of a 401', async () => {
    const err = await failure(provider({ apiKey: 'sk-wrong' }).complete(req))
    expect(err.code).toBe('CONFIG_INVALID')
    expect(err.message).toContain('authentication failed (401): Incorrect API key provided')
  })

  it('times out a hanging server', async () => {
    stub.enqueue({ kind: 'hang' })
    const err = await failure(provider({ http: { timeoutMs: 50, maxRetries: 0 } }).complete(req))
    expect(err.code).toBe('UNAVAILABLE')
    expect(err.message).toContain('no response within 50 ms')
  })

  it('reports a body without choices as a malformed response', async () => {
    stub.enqueue({ kind: 'wrong-shape' })
    const err = await failure(provider().complete(req))
    expect(err.code).toBe('UPSTREAM_FAILED')
    expect(err.message).toMatch(
      /^openai: malformed response, no choices\[0\]: \{"id":"chatcmpl-odd"/,
    )
  })

  it('reports non-string content and missing messages as malformed', async () => {
    stub.enqueue(
      { kind: 'wrong-shape', body: { choices: [{ message: { content: 42 } }] } },
      { kind: 'wrong-shape', body: { choices: [{ text: 'legacy completion' }] } },
    )
    await expect(provider().complete(req)).rejects.toThrow(/content is not a string/)
    await expect(provider().complete(req)).rejects.toThrow(/choices\[0\] has no message/)
  })

  it('returns a refusal as text with a content_filter finish', async () => {
    stub.enqueue({
      kind: 'wrong-shape',
      body: {
        model: 'gpt-4o',
        choices: [
          { message: { content: null, refusal: "I can't help with that." }, finish_reason: 'stop' },
        ],
      },
    })
    const result = await provider().complete(req)
    expect(result).toMatchObject({
      text: "I can't help with that.",
      finishReason: 'content_filter',
    })
    expect(result.costUsd).toBeUndefined()
  })
})

describe('openai embeddings', () => {
  it('returns one vector per text, in order, batching large inputs', async () => {
    const texts = ['refund', 'crash', 'login', 'invoice', 'export']
    const vectors = await provider({ embeddingBatchSize: 2 }).embed?.(texts, {
      model: 'text-embedding-3-small',
    })
    expect(vectors).toHaveLength(5)
    expect(stub.requests.map((r) => (r.body as { input: string[] }).input)).toEqual([
      ['refund', 'crash'],
      ['login', 'invoice'],
      ['export'],
    ])
    const again = await provider().embed?.(['invoice'], { model: 'text-embedding-3-small' })
    expect(again?.[0]).toEqual(vectors?.[3])
  })

  it('reports a body without data[] as malformed', async () => {
    stub.enqueue({ kind: 'wrong-shape' })
    await expect(provider().embed?.(['a'], { model: 'text-embedding-3-small' })).rejects.toThrow(
      /malformed response, expected data\[\] with 1 embeddings/,
    )
  })
})
