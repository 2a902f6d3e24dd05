/** Time behind an interface, so tests can pin it. */
export interface Clock {
  now(): number
}

/** The wall clock (`Date.now()`). */
export const systemClock: Clock = { now: () => Date.now() }
