/**
 * What an Unleash flag's answer depends on, read from its definition the way `unleash-client`
 * evaluates it (lib/variant.js `getSeed`, lib/strategy/*): which context fields pick the variant,
 * which ones decide whether a strategy is on, and when the answer is random. The SDK memoizes
 * answers on exactly these fields, so memoizing never changes what a context gets.
 * @module
 */
import { contextValue, type FlagContext, type FlagStickiness } from './flags'

/** The structural parts of an Unleash feature definition this module reads. */
interface VariantDefinitionLike {
  stickiness?: string
  overrides?: Array<{ contextName: string }>
}
interface StrategyLike {
  name: string
  parameters?: Record<string, unknown>
  constraints?: Array<{ contextName: string }>
  segments?: unknown[]
  variants?: VariantDefinitionLike[]
}
interface FeatureLike {
  strategies?: StrategyLike[]
  variants?: VariantDefinitionLike[]
  dependencies?: unknown[]
}

/**
 * One part of the memo key: a field read as it is (constraints, overrides, strategies that read a
 * field), or a seed: the first present field of a chain, random when none is present.
 */
type KeyPart = { field: string } | { seed: readonly string[]; topLevel: boolean }

/** `unleash-client`'s default variant seed: userId, then sessionId, then remoteAddress, then random. */
const DEFAULT_VARIANT_SEED = ['userId', 'sessionId', 'remoteAddress'] as const
/** flexibleRollout's `default` stickiness: userId, then sessionId, then random. */
const DEFAULT_ROLLOUT_SEED = ['userId', 'sessionId'] as const

/** Context fields that strategies built into unleash-client read. */
const STRATEGY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  default: [],
  applicationHostname: [],
  userWithId: ['userId'],
  remoteAddress: ['remoteAddress'],
  gradualRolloutUserId: ['userId'],
  gradualRolloutSessionId: ['sessionId'],
}

const RANDOM = Symbol('random')

/** The seed of a stickiness setting: a chain of fields, or RANDOM. */
function seedOf(stickiness: string, defaults: readonly string[]): KeyPart | typeof RANDOM {
  if (stickiness === 'random') return RANDOM
  // Default seeds read the context's own fields only; a custom field may also be a property.
  return stickiness === 'default'
    ? { seed: defaults, topLevel: true }
    : { seed: [stickiness], topLevel: false }
}

function variantParts(
  variants: readonly VariantDefinitionLike[],
  stickiness: string,
): KeyPart[] | typeof RANDOM {
  const parts: KeyPart[] = []
  for (const v of variants) for (const o of v.overrides ?? []) parts.push({ field: o.contextName })
  const seed = seedOf(stickiness, DEFAULT_VARIANT_SEED)
  if (seed === RANDOM) return RANDOM
  parts.push(seed)
  return parts
}

function strategyParts(strategy: StrategyLike): KeyPart[] | typeof RANDOM {
  const parts: KeyPart[] = []
  if (strategy.segments && strategy.segments.length > 0) return RANDOM // Segment constraints are not in the definition.
  for (const c of strategy.constraints ?? []) {
    if (c.contextName === 'currentTime') return RANDOM // The answer changes with the clock.
    parts.push({ field: c.contextName })
  }
  const parameters = strategy.parameters ?? {}
  if (strategy.name === 'flexibleRollout') {
    const stickiness = String(parameters.stickiness ?? 'default')
    const rollout = Number(parameters.rollout)
    if (stickiness !== 'default' && stickiness !== 'random') {
      // A missing custom field turns the strategy off (deterministic), so read it as it is.
      parts.push({ field: stickiness })
    } else if (!(rollout >= 100 || rollout <= 0)) {
      // At 100 % a default or random seed always lands inside; below, it decides.
      const seed = seedOf(stickiness, DEFAULT_ROLLOUT_SEED)
      if (seed === RANDOM) return RANDOM
      parts.push(seed)
    }
  } else if (strategy.name === 'gradualRolloutRandom') {
    return RANDOM
  } else {
    const fields = STRATEGY_FIELDS[strategy.name]
    if (fields === undefined) return RANDOM // A custom strategy may read anything.
    for (const field of fields) parts.push({ field })
  }
  return parts
}

/** Length-prefixed, so no value can pass for another: `-` for absent, `5:alice` for present. */
const encode = (value: string | undefined) =>
  value === undefined ? '-|' : `${value.length}:${value}|`

/**
 * One part of the key as a function of the context (this runs on every warm `get`, so it is
 * compiled once per definition); undefined when the part is a seed and no field of it is set.
 */
function keyReader(part: KeyPart): (context: FlagContext) => string | undefined {
  if ('field' in part) {
    const { field } = part
    return (context) => encode(contextValue(context, field))
  }
  const { seed, topLevel } = part
  return (context) => {
    for (let i = 0; i < seed.length; i++) {
      const field = seed[i] as string
      const raw = topLevel
        ? (context as Record<string, unknown>)[field]
        : contextValue(context, field)
      if (raw) return `${i}${encode(String(raw))}`
    }
    return undefined // No seed: unleash-client draws a random one.
  }
}

/**
 * Reads an Unleash feature definition (as `getFeatureToggleDefinition` returns it).
 * `stickiness` is that of the variants (the first strategy with variants, else the flag's own);
 * `key` joins every field the answer depends on, undefined when it is random for a context.
 * @example
 * unleashStickiness({ strategies: [{ name: 'flexibleRollout', parameters: { rollout: '100' },
 *   variants: [{ name: 'v2', weight: 1000, stickiness: 'sessionId' }] }] })
 *   ?.key({ userId: 'u', sessionId: 's' }) // '01:s|': each session of a user on its own
 */
export function unleashStickiness(definition: unknown): FlagStickiness | undefined {
  if (typeof definition !== 'object' || definition === null) return undefined
  const feature = definition as FeatureLike
  const strategies = feature.strategies ?? []
  const withVariants = strategies.find((s) => s.variants && s.variants.length > 0)
  const stickiness = withVariants
    ? String(
        withVariants.variants?.[0]?.stickiness || withVariants.parameters?.stickiness || 'default',
      )
    : String(feature.variants?.[0]?.stickiness ?? 'default')

  let random = feature.dependencies !== undefined && feature.dependencies.length > 0 // Parent flags are not analysed.
  const parts: KeyPart[] = []
  const add = (more: KeyPart[] | typeof RANDOM) => {
    if (more === RANDOM) random = true
    else parts.push(...more)
  }
  for (const strategy of strategies) {
    add(strategyParts(strategy))
    if (strategy.variants && strategy.variants.length > 0) {
      const s = strategy.variants[0]?.stickiness || strategy.parameters?.stickiness || 'default'
      add(variantParts(strategy.variants, String(s)))
    }
  }
  if (feature.variants && feature.variants.length > 0) {
    add(variantParts(feature.variants, feature.variants[0]?.stickiness ?? 'default'))
  }
  const unique = [...new Map(parts.map((p) => [JSON.stringify(p), p])).values()]
  const readers = unique.map(keyReader)

  return {
    stickiness,
    key(context: FlagContext): string | undefined {
      if (random) return undefined
      let key = ''
      for (const read of readers) {
        const part = read(context)
        if (part === undefined) return undefined
        key += part
      }
      return key
    },
  }
}
