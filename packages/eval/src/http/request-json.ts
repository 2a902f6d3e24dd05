/**
 * One JSON request to a model provider with a per-attempt timeout and retries (exponential
 * backoff with full jitter, `Retry-After` honoured) on 408/409/429/5xx, timeouts and network
 * errors. Other 4xx fail at once with the server's own message.
 * @module
 */
import { CanonError, isCanonError } from '@canon/core'
import type { Clock } from './clock'
import { systemClock } from './clock'
import { extractErrorMessage, snippet } from './error-message'
import { backoffDelay, retryAfterMs } from './retry-after'

/** Reliability knobs for provider HTTP calls. Every field has a default. */
export interface HttpOptions {
  /** Per attempt, including reading the body. Default 60 000. */
  timeoutMs?: number
  /** Retries after the first attempt; `0` turns retrying off. Default 3. */
  maxRetries?: number
  /** Backoff base. Default 500. */
  baseDelayMs?: number
  /** Backoff ceiling. Default 30 000. */
  maxDelayMs?: number
  /** A server's `Retry-After` is honoured up to this. Default 60 000. */
  maxRetryAfterMs?: number
  clock?: Clock
  /** `[0, 1)` source for jitter. Default `Math.random`. */
  random?: () => number
  /** Default global `fetch`. */
  fetch?: typeof fetch
}

export interface JsonRequest {
  /** Provider id for messages: `openai: …`. */
  provider: string
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: unknown
  signal?: AbortSignal
  /** Appended to authentication failures, e.g. `check OPENAI_API_KEY`. */
  authHint?: string
}

export interface JsonResponse {
  status: number
  headers: Headers
  body: Record<string, unknown>
  /** Attempts made, 1 when the first one answered. */
  attempts: number
  /** Duration of the attempt that answered. */
  latencyMs: number
}

const RETRYABLE_STATUS = new Set([408, 409, 429])

function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status) || status >= 500
}

type Failure =
  | { kind: 'status'; status: number; headers: Headers; message: string; errorType?: string }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string }

function networkMessage(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } })?.cause
  if (cause && typeof cause.code === 'string') return cause.code
  if (cause && typeof cause.message === 'string') return cause.message
  return err instanceof Error ? err.message : String(err)
}

function failureError(req: JsonRequest, failure: Failure, attempts: number, timeoutMs: number) {
  const tries = attempts === 1 ? '' : ` after ${attempts} attempts`
  const details: Record<string, unknown> = { provider: req.provider, url: req.url, attempts }
  if (failure.kind === 'timeout') {
    return new CanonError(
      'UNAVAILABLE',
      `${req.provider}: no response within ${timeoutMs} ms from ${req.url}${tries}`,
      { details: { ...details, timeout: true } },
    )
  }
  if (failure.kind === 'network') {
    return new CanonError(
      'UNAVAILABLE',
      `${req.provider}: cannot reach ${req.url} (${failure.message})${tries}`,
      { details },
    )
  }
  const { status, message } = failure
  Object.assign(details, { status }, failure.errorType ? { errorType: failure.errorType } : {})
  if (status === 401 || status === 403) {
    const hint = req.authHint ? ` (${req.authHint})` : ''
    return new CanonError(
      'CONFIG_INVALID',
      `${req.provider}: authentication failed (${status}): ${message}${hint}`,
      { details },
    )
  }
  if (status === 429) {
    return new CanonError(
      'RATE_LIMITED',
      `${req.provider}: rate limited (429)${tries}: ${message}`,
      {
        details,
      },
    )
  }
  const what = status >= 500 ? 'server error' : 'request rejected'
  return new CanonError(
    'UPSTREAM_FAILED',
    `${req.provider}: ${what} (${status})${tries}: ${message}`,
    {
      details,
    },
  )
}

/**
 * @example
 * const res = await requestJson(
 *   { provider: 'openai', url: `${base}/chat/completions`, body, headers },
 *   { timeoutMs: 30_000, maxRetries: 3 },
 * )
 */
export async function requestJson(req: JsonRequest, http: HttpOptions = {}): Promise<JsonResponse> {
  const timeoutMs = http.timeoutMs ?? 60_000
  const maxRetries = Math.max(0, http.maxRetries ?? 3)
  const clock = http.clock ?? systemClock
  const doFetch = http.fetch ?? fetch
  const backoff = {
    baseDelayMs: http.baseDelayMs ?? 500,
    maxDelayMs: http.maxDelayMs ?? 30_000,
    random: http.random ?? Math.random,
  }
  const maxRetryAfterMs = http.maxRetryAfterMs ?? 60_000
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers }
  if (req.body !== undefined) headers['content-type'] = 'application/json'
  const body = req.body === undefined ? undefined : JSON.stringify(req.body)

  for (let attempt = 1; ; attempt++) {
    if (req.signal?.aborted) throw req.signal.reason
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout
    const started = clock.now()
    let failure: Failure
    try {
      const res = await doFetch(req.url, { method: req.method ?? 'POST', headers, body, signal })
      const text = await res.text()
      const latencyMs = clock.now() - started
      if (res.ok)
        return {
          ...parseBody(req, res.status, text),
          headers: res.headers,
          attempts: attempt,
          latencyMs,
        }
      const info = extractErrorMessage(text)
      failure = { kind: 'status', status: res.status, headers: res.headers, message: info.message }
      if (info.type) failure.errorType = info.type
      if (!isRetryableStatus(res.status)) throw failureError(req, failure, attempt, timeoutMs)
    } catch (err) {
      if (req.signal?.aborted) throw req.signal.reason
      if (isCanonError(err)) throw err
      failure = timeout.aborted
        ? { kind: 'timeout' }
        : { kind: 'network', message: networkMessage(err) }
    }
    if (attempt > maxRetries) throw failureError(req, failure, attempt, timeoutMs)
    const asked = failure.kind === 'status' ? retryAfterMs(failure.headers) : undefined
    const delay =
      asked !== undefined ? Math.min(asked, maxRetryAfterMs) : backoffDelay(attempt - 1, backoff)
    await clock.sleep(delay, req.signal)
  }
}

function parseBody(req: JsonRequest, status: number, text: string) {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new CanonError(
      'UPSTREAM_FAILED',
      `${req.provider}: ${req.url} answered ${status} with a body that is not JSON: ${text.trim() === '' ? '(empty body)' : snippet(text)}`,
      { details: { provider: req.provider, url: req.url, status } },
    )
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CanonError(
      'UPSTREAM_FAILED',
      `${req.provider}: ${req.url} answered ${status} with JSON that is not an object: ${snippet(text)}`,
      { details: { provider: req.provider, url: req.url, status } },
    )
  }
  return { status, body: parsed as Record<string, unknown> }
}
