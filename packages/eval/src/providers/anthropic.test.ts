import type { CanonError } from '@canon/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StubServer } from '../../test/stubs'
import { startAnthropicStub } from '../../test/stubs'
import type { ManualClock } from '../http/clock'
import { manualClock } from '../http/clock'
import { createAnthropicProvider } from './anthropic'
import type { CompletionRequest } from './types'

let stub: StubServer
let clock: ManualClock

beforeEach(async () => {
  stub = await startAnthropicStub({ apiKey: 'sk-ant-test' })
  clock = manualClock()
})
afterEach(() => stub.close())

const provider = (extra: Parameters<typeof createAnthropicProvider>[0] = {}) =>
  createAnthropicProvider({
    baseUrl: stub.url,
    apiKey: 'sk-ant-test',
    http: { clock, timeoutMs: 2000 },
    ...extra,
  })

const req: CompletionRequest = {
  model: 'claude-3-5-haiku-latest',
  messages: [
    { role: 'system', content: 'You route tickets.' },
    { role: 'user', content: 'I was charged twice' },
  ],
  params: { temperature: 0, stop: ['\n'], seed: 7 },
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

describe('anthropic provider', () => {
  it('sends the system prompt top-level, a default max_tokens and the version header', async () => {
    await provider().complete(req)
    const sent = stub.requests[0]
    expect(sent?.path).toBe('/v1/messages')
    expect(sent?.headers['x-api-key']).toBe('sk-ant-test')
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01')
    expect(sent?.body).toEqual({
      model: 'claude-3-5-haiku-latest',
      system: 'You route tickets.',
      messages: [{ role: 'user', content: 'I was charged twice' }],
      max_tokens: 1024,
      temperature: 0,
      stop_sequences: ['\n'],
    })
  })

  it('folds cache buckets into inputTokens and prices each bucket', async () => {
    stub.enqueue({
      kind: 'reply',
      text: 'billing',
      model: 'claude-3-5-haiku-20241022',
      usage: { input: 100, cacheWrite: 1000, cacheRead: 2000, output: 3 },
      finishReason: 'max_tokens',
    })
    const result = await provider().complete(req)
    expect(result).toMatchObject({
      text: 'billing',
      model: 'claude-3-5-haiku-20241022',
      usage: { inputTokens: 3100, outputTokens: 3, cacheReadTokens: 2000, cacheWriteTokens: 1000 },
      finishReason: 'length',
    })
    expect(result.costUsd).toBeCloseTo((100 * 0.8 + 1000 * 1 + 2000 * 0.08 + 3 * 4) / 1e6, 12)
  })

  it('joins text blocks and skips others', async () => {
    stub.enqueue({
      kind: 'wrong-shape',
      body: {
        model: 'claude-sonnet-4-20250514',
        content: [
          { type: 'thinking', thinking: 'hmm' },
          { type: 'text', text: 'bill' },
          { type: 'text', text: 'ing' },
        ],
        stop_reason: 'end_turn',
        usage: { input_tokens: 10, output_tokens: 2 },
      },
    })
    const result = await provider().complete(req)
    expect(result.text).toBe('billing')
    expect(result.finishReason).toBe('stop')
  })

  it('turns json mode into a system instruction carrying the schema', async () => {
    const schema = { type: 'object', required: ['label'] }
    await provider({ maxTokens: 256 }).complete({
      ...req,
      params: { max_tokens: 64, response_format: { type: 'json_schema', schema } },
    })
    const body = sentBody()
    expect(body.max_tokens).toBe(64)
    expect(body.response_format).toBeUndefined()
    expect(body.system).toBe(
      `You route tickets.\n\nAnswer with a single JSON value only: no prose, no code fences. It must match this JSON Schema:\n${JSON.stringify(schema)}`,
    )
  })

  it('rejects a prompt with only system messages before calling', async () => {
    const err = await failure(
      provider().complete({ ...req, messages: [{ role: 'system', content: 'x' }] }),
    )
    expect(err.code).toBe('CONFIG_INVALID')
    expect(stub.requests).toHaveLength(0)
  })

  it('honours Retry-After on 429 and retries 529 overloaded', async () => {
    stub.enqueue({ kind: 'rate-limit', retryAfter: '5' }, { kind: 'status', status: 529 })
    const result = await provider({ http: { clock, random: () => 0 } }).complete(req)
    expect(result.attempts).toBe(3)
    expect(clock.sleeps).toEqual([5000, 0])
  })

  it('reads the Anthropic error envelope', async () => {
    stub.enqueue({ kind: 'status', status: 400, message: 'max_tokens: Field required' })
    const err = await failure(provider().complete(req))
    expect(err.message).toBe('anthropic: request rejected (400): max_tokens: Field required')
    expect(err.details).toMatchObject({ status: 400, errorType: 'invalid_request_error' })
    const auth = await failure(provider({ apiKey: 'nope' }).complete(req))
    expect(auth.code).toBe('CONFIG_INVALID')
    expect(auth.details).toMatchObject({ errorType: 'authentication_error' })
  })

  it('reports a body without content[] and non-JSON bodies clearly', async () => {
    stub.enqueue({ kind: 'wrong-shape' }, { kind: 'malformed', body: 'upstream connect error' })
    await expect(provider().complete(req)).rejects.toThrow(
      /^anthropic: malformed response, no content\[\] array/,
    )
    await expect(provider().complete(req)).rejects.toThrow(
      /answered 200 with a body that is not JSON: upstream connect error/,
    )
  })

  it('times out a hanging server', async () => {
    stub.enqueue({ kind: 'hang' })
    const err = await failure(provider({ http: { timeoutMs: 50, maxRetries: 0 } }).complete(req))
    expect(err.code).toBe('UNAVAILABLE')
  })

  it('has no embeddings API', () => {
    expect(provider().embed).toBeUndefined()
  })
})
