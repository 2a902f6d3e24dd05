import { createServer } from 'node:net'
import type { CanonError } from '@canon/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StubServer } from '../../test/stubs'
import { startOpenAIStub } from '../../test/stubs'
import type { ManualClock } from './clock'
import { manualClock } from './clock'
import type { HttpOptions } from './request-json'
import { requestJson } from './request-json'

let stub: StubServer
let clock: ManualClock
let http: HttpOptions

beforeEach(async () => {
  stub = await startOpenAIStub()
  clock = manualClock()
  http = { clock, random: () => 0.5, baseDelayMs: 100, timeoutMs: 2000 }
})
afterEach(() => stub.close())

const call = (extra: HttpOptions = {}, signal?: AbortSignal) =>
  requestJson(
    {
      provider: 'openai',
      url: `${stub.url}/chat/completions`,
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
      signal,
      authHint: 'check OPENAI_API_KEY',
    },
    { ...http, ...extra },
  )

async function failure(promise: Promise<unknown>): Promise<CanonError> {
  try {
    await promise
  } catch (err) {
    return err as CanonError
  }
  throw new Error('expected the request to fail')
}

describe('requestJson retries', () => {
  it('waits exactly what Retry-After asks on 429, then succeeds', async () => {
    stub.enqueueTimes(2, { kind: 'rate-limit', retryAfter: '2' })
    const res = await call()
    expect(res.status).toBe(200)
    expect(res.attempts).toBe(3)
    expect(clock.sleeps).toEqual([2000, 2000])
    expect(stub.requests).toHaveLength(3)
  })

  it('prefers retry-after-ms and caps a huge Retry-After', async () => {
    stub.enqueue(
      { kind: 'rate-limit', retryAfter: '30', retryAfterMs: '250' },
      { kind: 'rate-limit', retryAfter: '3600' },
    )
    await call({ maxRetryAfterMs: 10_000 })
    expect(clock.sleeps).toEqual([250, 10_000])
  })

  it('retries 500 and 503 with exponential backoff and full jitter', async () => {
    stub.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 503 })
    const res = await call()
    expect(res.attempts).toBe(3)
    // random() = 0.5 of ceilings 100, 200.
    expect(clock.sleeps).toEqual([50, 100])
  })

  it('gives up after maxRetries with the status, attempts and server message', async () => {
    stub.enqueueTimes(5, { kind: 'rate-limit', retryAfter: '1' })
    const err = await failure(call({ maxRetries: 2 }))
    expect(err.code).toBe('RATE_LIMITED')
    expect(err.message).toBe(
      'openai: rate limited (429) after 3 attempts: Rate limit reached; please retry later',
    )
    expect(err.details).toMatchObject({ status: 429, attempts: 3 })
    expect(stub.requests).toHaveLength(3)
  })

  it('maxRetries: 0 makes exactly one attempt', async () => {
    stub.enqueue({ kind: 'status', status: 503 })
    const err = await failure(call({ maxRetries: 0 }))
    expect(err.code).toBe('UPSTREAM_FAILED')
    expect(err.message).toMatch(/^openai: server error \(503\): /)
    expect(stub.requests).toHaveLength(1)
  })

  it('fails a 400 at once with the server message', async () => {
    stub.enqueue({ kind: 'status', status: 400, message: "Invalid value for 'temperature'" })
    const err = await failure(call())
    expect(err.code).toBe('UPSTREAM_FAILED')
    expect(err.message).toBe("openai: request rejected (400): Invalid value for 'temperature'")
    expect(stub.requests).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('turns 401 into a configuration error that names the key to check', async () => {
    stub.enqueue({ kind: 'unauthorized' })
    const err = await failure(call())
    expect(err.code).toBe('CONFIG_INVALID')
    expect(err.message).toBe(
      'openai: authentication failed (401): Incorrect API key provided (check OPENAI_API_KEY)',
    )
  })

  it('times out a hanging server per attempt and retries it', async () => {
    stub.enqueue({ kind: 'hang' }, { kind: 'hang' })
    // Generous per-attempt timeout: on a loaded CI machine a request can take tens of ms just
    // to reach the in-process stub, and a timeout that fires first would not test a hang.
    const err = await failure(call({ timeoutMs: 400, maxRetries: 1 }))
    expect(err.code).toBe('UNAVAILABLE')
    expect(err.message).toMatch(/^openai: no response within 400 ms from .* after 2 attempts$/)
    expect(stub.requests).toHaveLength(2)
  })

  it('recovers when a hang is followed by an answer', async () => {
    stub.enqueue({ kind: 'hang' })
    const res = await call({ timeoutMs: 400 })
    expect(res.attempts).toBe(2)
    expect(stub.requests).toHaveLength(2)
  })

  it('reports a 200 with a non-JSON body as a provider error, not a TypeError', async () => {
    stub.enqueue({ kind: 'malformed' })
    const err = await failure(call())
    expect(err.code).toBe('UPSTREAM_FAILED')
    expect(err.message).toMatch(/answered 200 with a body that is not JSON: \{"id": "chatcmpl-1"/)
  })

  it('reports an HTML 502 from a proxy with a short snippet once retries run out', async () => {
    stub.enqueue({
      kind: 'status',
      status: 502,
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    })
    const err = await failure(call({ maxRetries: 0 }))
    expect(err.message).toContain('server error (502): <html><body><h1>502 Bad Gateway')
  })

  it('retries network errors and names the cause', async () => {
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const { port } = closed.address() as { port: number }
    await new Promise((r) => closed.close(r))
    const err = await failure(
      requestJson({ provider: 'openai', url: `http://127.0.0.1:${port}/v1/x`, body: {} }, http),
    )
    expect(err.code).toBe('UNAVAILABLE')
    expect(err.message).toMatch(/cannot reach .* \(ECONNREFUSED\) after 4 attempts/)
    expect(clock.sleeps).toHaveLength(3)
  })

  it('stops at once when the caller aborts', async () => {
    stub.enqueue({ kind: 'hang' })
    const controller = new AbortController()
    const pending = call({ timeoutMs: 5000 }, controller.signal)
    // Abort once the server holds the request, not on a timer that a loaded machine can outrun.
    while (stub.requests.length === 0) await new Promise((r) => setTimeout(r, 5))
    const started = performance.now()
    controller.abort(new Error('run cancelled'))
    await expect(pending).rejects.toThrow('run cancelled')
    expect(performance.now() - started).toBeLessThan(1000)
    expect(stub.requests).toHaveLength(1)
  })
})
