/**
 * `Flags` over an `unleash-client` instance, typed structurally so this module loads without
 * `unleash-client` (which is Node-only); `@canon/sdk/unleash` constructs the client.
 * @module
 */
import type { FlagStickiness, Flags, FlagVariant } from './flags'
import { unleashStickiness } from './unleash-stickiness'

/** The parts of `unleash-client`'s `Unleash` this adapter uses. */
export interface UnleashLike {
  isSynchronized(): boolean
  getFeatureToggleDefinition(name: string): unknown
  getVariant(
    name: string,
    context?: { [key: string]: unknown },
  ): {
    name: string
    enabled: boolean
    feature_enabled?: boolean
    payload?: { type: string; value: string }
  }
  on(event: string, listener: (...args: unknown[]) => void): unknown
  destroy(): void
}

export interface UnleashFlagsOptions {
  /**
   * What to do when Unleash cannot be reached after it synchronized: `'label'` (default) stops
   * consulting flags until it answers again; `'last-known'` keeps the last toggles it fetched.
   */
  whenUnreachable?: 'label' | 'last-known'
  /** Called once each time Unleash becomes unreachable (default: `console.warn`). */
  onUnreachable?: (error: unknown) => void
}

/** A `Flags` view of an Unleash client, plus whether Unleash answered its last poll. */
export interface UnleashFlags extends Flags {
  readonly client: UnleashLike
  /** False after a failed poll, true again after the next successful one. */
  readonly reachable: boolean
}

/**
 * Wraps an Unleash client. Before Unleash synchronized, and while it is unreachable (by
 * default), `has()` is false so every `get` answers from the label.
 * @example
 * const flags = unleashFlags(new Unleash({ url, appName: 'my-app', customHeaders: { Authorization: token } }))
 */
export function unleashFlags(client: UnleashLike, options: UnleashFlagsOptions = {}): UnleashFlags {
  const followOutage = (options.whenUnreachable ?? 'label') === 'label'
  const onUnreachable =
    options.onUnreachable ??
    ((err: unknown) =>
      console.warn(
        `@canon/sdk: Unleash is unreachable, prompts answer from their labels until it is back (${err instanceof Error ? err.message : String(err)})`,
      ))
  let revision = 0
  let reachable = true
  const up = () => {
    if (!reachable) {
      reachable = true
      revision++
    }
  }
  client.on('changed', () => {
    reachable = true
    revision++
  })
  client.on('unchanged', up)
  client.on('error', (err) => {
    if (reachable) {
      reachable = false
      revision++
      onUnreachable(err)
    }
  })
  // Warnings (back-off on 5xx) must not reach console.error through an unhandled 'warn'.
  client.on('warn', () => {})

  const usable = () => client.isSynchronized() && (reachable || !followOutage)

  return {
    client,
    get reachable() {
      return reachable
    },
    get revision() {
      return revision
    },
    has(flag) {
      return usable() && client.getFeatureToggleDefinition(flag) !== undefined
    },
    stickiness(flag): FlagStickiness | undefined {
      return unleashStickiness(client.getFeatureToggleDefinition(flag))
    },
    variant(flag, context): FlagVariant | undefined {
      if (!usable()) return undefined
      try {
        const v = client.getVariant(flag, context as { [key: string]: unknown })
        if (v.feature_enabled === false || !v.enabled) return undefined
        return v.payload ? { name: v.name, payload: v.payload } : { name: v.name }
      } catch {
        return undefined
      }
    },
    close() {
      client.destroy()
    },
  }
}
