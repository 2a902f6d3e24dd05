/**
 * Feature flags behind a small interface (CONVENTIONS: infrastructure with a real and a no-op
 * implementation). The SDK asks one question: which variant does this context get?
 * @module
 */

/** Who is asking, for sticky assignment. Without `userId` or `sessionId` no flag is consulted. */
export interface FlagContext {
  userId?: string
  sessionId?: string
  remoteAddress?: string
  /** Custom context fields for strategy constraints (strings, as Unleash compares them). */
  properties?: Record<string, string>
}

/** A flag variant as the flag system reports it. */
export interface FlagVariant {
  name: string
  /** The variant's payload; Unleash sends `{ type: 'json', value: '{"version":2}' }`. */
  payload?: { type: string; value: string }
}

/** A flag system. Implementations never throw and never block. */
export interface Flags {
  /** Whether the flag exists and flags can be trusted now (ready, reachable). Cheap. */
  has(flag: string): boolean
  /** The variant `context` gets, or undefined when the flag is off or has no variant for it. */
  variant(flag: string, context: FlagContext): FlagVariant | undefined
  /** Changes whenever answers may change (toggles updated, became (un)reachable). */
  readonly revision: number
  /** Stops background work (polling). */
  close?(): void | Promise<void>
}

/**
 * No flags: every `get` answers from the label.
 * @example createCanon({ baseUrl, apiKey, flags: noFlags })
 */
export const noFlags: Flags = {
  has: () => false,
  variant: () => undefined,
  revision: 0,
}
