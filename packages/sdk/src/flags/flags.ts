/**
 * Feature flags behind a small interface (CONVENTIONS: infrastructure with a real and a no-op
 * implementation). The SDK asks one question: which variant does this context get?
 * @module
 */

/**
 * Who is asking, for sticky assignment. A flag is consulted only when the context carries what
 * its variants are sticky on: `userId` or `sessionId` for `default` stickiness, that field for
 * `userId`, `sessionId` or a custom field, nothing for `random`.
 */
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

/** What a flag's answer depends on. */
export interface FlagStickiness {
  /** What its variants are sticky on: `default`, `userId`, `sessionId`, `random` or a custom field. */
  readonly stickiness: string
  /**
   * A key such that contexts with equal keys get the same answer from this flag, or undefined
   * when the answer is random for this context (then it must not be memoized).
   */
  key(context: FlagContext): string | undefined
}

/**
 * A context field as Unleash reads it: a top-level field, else a custom property.
 * @example contextValue({ userId: 'u', properties: { tenantId: 't' } }, 'tenantId') // 't'
 */
export function contextValue(context: FlagContext, field: string): string | undefined {
  const top = (context as Record<string, unknown>)[field]
  const value = top ?? context.properties?.[field]
  return value === undefined || value === null ? undefined : String(value)
}

/** The whole context as a stable string (properties sorted): the memo key of last resort. */
export function wholeContextKey(context: FlagContext): string {
  const properties = context.properties
    ? Object.entries(context.properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    : []
  return JSON.stringify([
    context.userId ?? null,
    context.sessionId ?? null,
    context.remoteAddress ?? null,
    properties,
  ])
}

/** A flag system. Implementations never throw and never block. */
export interface Flags {
  /** Whether the flag exists and flags can be trusted now (ready, reachable). Cheap. */
  has(flag: string): boolean
  /** The variant `context` gets, or undefined when the flag is off or has no variant for it. */
  variant(flag: string, context: FlagContext): FlagVariant | undefined
  /**
   * What the flag's answer depends on, read from its definition; undefined for an unknown flag.
   * Optional: without it the resolver treats every flag as `default`-sticky and memoizes on the
   * whole context, which is right for any flag system whose answers are deterministic.
   */
  stickiness?(flag: string): FlagStickiness | undefined
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
