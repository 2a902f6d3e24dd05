/**
 * A/B routing of prompt versions (SPEC §5): one flag per prompt, `prompt.<name>`, whose variants
 * carry the version in a JSON payload `{"version": n}`. Shared by the SDK and the registry's
 * `POST /v1/prompts/{name}/resolve`, so every client gets the same answer.
 * @module
 */
import {
  contextValue,
  type FlagContext,
  type FlagStickiness,
  type Flags,
  type FlagVariant,
  wholeContextKey,
} from './flags'

/** The flag that routes a prompt's versions. */
export function promptFlagName(prompt: string): string {
  return `prompt.${prompt}`
}

/** A version chosen by a flag. */
export interface PromptVariant {
  flag: string
  /** The variant's name, e.g. `v2`. */
  variant: string
  version: number
}

/**
 * The version a variant's payload names: `{"version": 2}` as JSON, or a bare number.
 * Undefined for anything else (the caller falls back to the label).
 */
export function parseVersionPayload(variant: FlagVariant): number | undefined {
  const payload = variant.payload
  if (!payload || typeof payload.value !== 'string') return undefined
  let value: unknown
  if (payload.type === 'json') {
    try {
      value = (JSON.parse(payload.value) as { version?: unknown } | null)?.version
    } catch {
      return undefined
    }
  } else if (payload.type === 'number' || payload.type === 'string') {
    value = payload.value.trim() === '' ? Number.NaN : Number(payload.value)
  }
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined
}

/**
 * Flags that do not say what they depend on are taken as `default`-sticky and deterministic:
 * equal contexts, equal answers.
 */
const WHOLE_CONTEXT: FlagStickiness = { stickiness: 'default', key: wholeContextKey }

/**
 * Whether `context` carries what the flag's variants are sticky on, so its answer is an
 * assignment rather than a coin toss: `userId` or `sessionId` for `default`, the named field
 * (top level or property) otherwise; `random` needs nothing.
 */
function hasStickyId(context: FlagContext, stickiness: string): boolean {
  switch (stickiness) {
    case 'random':
      return true
    case 'default':
      return Boolean(context.userId || context.sessionId)
    default:
      return Boolean(contextValue(context, stickiness))
  }
}

/**
 * The variant `context` gets for `prompt`, unmemoized: undefined when there is no flag, the
 * context lacks what the flag is sticky on (see `FlagContext`), the flag is off, or its
 * payload names no version.
 * @example
 * resolvePromptVariant(flags, 'SummarizeSupportTicket', { userId: 'u-42' }) // { flag, variant: 'v2', version: 2 }
 */
export function resolvePromptVariant(
  flags: Flags,
  prompt: string,
  context: FlagContext | undefined,
  onBadPayload?: (flag: string, variant: FlagVariant) => void,
): PromptVariant | undefined {
  if (!context) return undefined
  const flag = promptFlagName(prompt)
  if (!flags.has(flag)) return undefined
  const stickiness = flags.stickiness ? flags.stickiness(flag) : WHOLE_CONTEXT
  if (!stickiness || !hasStickyId(context, stickiness.stickiness)) return undefined
  return variantOf(flags, flag, context, onBadPayload)
}

function variantOf(
  flags: Flags,
  flag: string,
  context: FlagContext,
  onBadPayload?: (flag: string, variant: FlagVariant) => void,
): PromptVariant | undefined {
  const variant = flags.variant(flag, context)
  if (!variant) return undefined
  const version = parseVersionPayload(variant)
  if (version === undefined) {
    onBadPayload?.(flag, variant)
    return undefined
  }
  return { flag, variant: variant.name, version }
}

/** Memoized answers stop growing past this many per flag (then start over). */
const MAX_MEMO_PER_FLAG = 50_000

/** Per flag, until the revision changes: whether it exists, what it is sticky on, the answers so far. */
interface FlagMemo {
  flag: string
  exists: boolean
  stickiness: FlagStickiness | undefined
  answers: Map<string, PromptVariant | null>
}

/**
 * `resolvePromptVariant` memoized per flag on exactly the context fields the flag's answer
 * depends on (`Flags.stickiness`): the user for a flag sticky on `userId`, the session for one
 * sticky on `sessionId`, the custom field for one sticky on it, plus any field a constraint or
 * override reads. `random` flags (and random rollouts) are evaluated on every call. Memos last
 * until the flags' `revision` changes; a warm `resolve` costs a key and two map lookups.
 * @example
 * const variants = new VariantResolver(flags)
 * variants.resolve('SummarizeSupportTicket', { userId: 'u-42', sessionId: 's-1' }) // { flag, variant: 'v2', version: 2 }
 */
export class VariantResolver {
  readonly #flags: Flags
  readonly #onBadPayload: (flag: string, variant: FlagVariant) => void
  #revision: number
  readonly #memo = new Map<string, FlagMemo>()

  constructor(flags: Flags, onBadPayload?: (flag: string, variant: FlagVariant) => void) {
    this.#flags = flags
    this.#revision = flags.revision
    const warned = new Set<string>()
    this.#onBadPayload =
      onBadPayload ??
      ((flag, variant) => {
        const key = `${flag}\u0000${variant.name}`
        if (warned.has(key)) return
        warned.add(key)
        console.warn(
          `@canon/sdk: variant ${variant.name} of flag ${flag} has no version in its payload (expected JSON {"version": n}); answering from the label`,
        )
      })
  }

  resolve(prompt: string, context: FlagContext | undefined): PromptVariant | undefined {
    if (!context) return undefined
    const flags = this.#flags
    if (flags.revision !== this.#revision) {
      this.#memo.clear()
      this.#revision = flags.revision
    }
    // Whether the flag exists and what it is sticky on change only with the revision.
    let memo = this.#memo.get(prompt)
    if (!memo) {
      const flag = promptFlagName(prompt)
      const exists = flags.has(flag)
      memo = {
        flag,
        exists,
        stickiness: !exists ? undefined : flags.stickiness ? flags.stickiness(flag) : WHOLE_CONTEXT,
        answers: new Map(),
      }
      this.#memo.set(prompt, memo)
    }
    if (!memo.exists) return undefined
    const { flag } = memo
    const { stickiness, answers } = memo
    if (!stickiness || !hasStickyId(context, stickiness.stickiness)) return undefined
    const key = stickiness.key(context)
    if (key === undefined) return variantOf(flags, flag, context, this.#onBadPayload)
    const known = answers.get(key)
    if (known !== undefined) return known ?? undefined
    const resolved = variantOf(flags, flag, context, this.#onBadPayload)
    if (answers.size >= MAX_MEMO_PER_FLAG) answers.clear()
    answers.set(key, resolved ?? null)
    return resolved
  }
}
