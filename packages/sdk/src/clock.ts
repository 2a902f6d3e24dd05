/** Time, injectable so tests can move it (cache TTLs, refresh back-off). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() }
