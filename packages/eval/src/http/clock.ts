/**
 * Time as an injected dependency, so retry tests run without really waiting.
 * @module
 */

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The real clock: `performance.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
}

/** A clock for tests: `sleep` returns at once, advances `now()` and records every wait. */
export interface ManualClock extends Clock {
  readonly sleeps: number[]
}

/**
 * @example const clock = manualClock(); await retrying(clock); expect(clock.sleeps).toEqual([2000])
 */
export function manualClock(start = 0): ManualClock {
  let time = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => time,
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason
      sleeps.push(ms)
      time += ms
    },
  }
}
