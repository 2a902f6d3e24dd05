/**
 * Reads how long a server asked us to wait: `retry-after-ms` (OpenAI), else `Retry-After` as
 * seconds or as an HTTP date. `undefined` when absent or unreadable.
 * @example retryAfterMs(new Headers({ 'retry-after': '2' })) // 2000
 */
export function retryAfterMs(headers: Headers, wallNow: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms')
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms)
    if (Number.isFinite(value) && value >= 0) return value
  }
  const header = headers.get('retry-after')
  if (header === null || header.trim() === '') return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined
  const date = Date.parse(header)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - wallNow)
}

export interface BackoffOptions {
  /** First retry waits up to this long; each later one doubles it. */
  baseDelayMs: number
  /** No computed wait exceeds this. */
  maxDelayMs: number
  /** `[0, 1)`; injectable for deterministic tests. */
  random: () => number
}

/**
 * Exponential backoff with full jitter: uniform in `[0, min(max, base · 2^attempt))`.
 * `attempt` is 0 for the first retry.
 * @example backoffDelay(2, { baseDelayMs: 500, maxDelayMs: 30_000, random: () => 0.5 }) // 1000
 */
export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** attempt)
  return Math.floor(opts.random() * ceiling)
}
