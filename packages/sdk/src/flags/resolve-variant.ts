/**
 * A/B routing of prompt versions (SPEC §5): one flag per prompt, `prompt.<name>`, whose variants
 * carry the version in a JSON payload `{"version": n}`. Shared by the SDK and the registry's
 * `POST /v1/prompts/{name}/resolve`, so every client gets the same answer.
 * @module
 */
import type { FlagContext, Flags, FlagVariant } from './flags'

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

/** Context fields that make an assignment sticky. */
function stickyKey(context: FlagContext | undefined): string | undefined {
  if (!context) return undefined
  if (context.userId) return `u:${context.userId}`
  if (context.sessionId) return `s:${context.sessionId}`
  return undefined
}

/**
 * The variant `context` gets for `prompt`, unmemoized: undefined when there is no sticky id
 * (`userId`/`sessionId`), no flag, the flag is off, or its payload names no version.
 * @example
 * resolvePromptVariant(flags, 'SummarizeSupportTicket', { userId: 'u-42' }) // { flag, variant: 'v2', version: 2 }
 */
export function resolvePromptVariant(
  flags: Flags,
  prompt: string,
  context: FlagContext | undefined,
  onBadPayload?: (flag: string, variant: FlagVariant) => void,
): PromptVariant | undefined {
  if (!context || stickyKey(context) === undefined) return undefined
  const flag = promptFlagName(prompt)
  if (!flags.has(flag)) return undefined
  const variant = flags.variant(flag, context)
  if (!variant) return undefined
  const version = parseVersionPayload(variant)
  if (version === undefined) {
    onBadPayload?.(flag, variant)
    return undefined
  }
  return { flag, variant: variant.name, version }
}

/** Memoized answers per sticky id stop growing past this many per flag (then start over). */
const MAX_MEMO_PER_FLAG = 50_000

/**
 * `resolvePromptVariant` memoized per (flag, user or session) until the flags' `revision`
 * changes: a warm `get` with a context costs two map lookups instead of a flag evaluation.
 * Contexts with custom `properties` are evaluated every time (constraints may read them).
 */
export class VariantResolver {
  readonly #flags: Flags
  readonly #onBadPayload: (flag: string, variant: FlagVariant) => void
  #revision: number
  readonly #memo = new Map<string, Map<string, PromptVariant | null>>()

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
    const key = stickyKey(context)
    if (key === undefined) return undefined
    if (context?.properties)
      return resolvePromptVariant(this.#flags, prompt, context, this.#onBadPayload)
    if (this.#flags.revision !== this.#revision) {
      this.#memo.clear()
      this.#revision = this.#flags.revision
    }
    let perUser = this.#memo.get(prompt)
    if (!perUser) {
      perUser = new Map()
      this.#memo.set(prompt, perUser)
    }
    const memo = perUser.get(key)
    if (memo !== undefined) return memo ?? undefined
    const resolved = resolvePromptVariant(this.#flags, prompt, context, this.#onBadPayload)
    if (perUser.size >= MAX_MEMO_PER_FLAG) perUser.clear()
    perUser.set(key, resolved ?? null)
    return resolved
  }
}
