/**
 * `createCanon`: the client apps embed (SPEC §5).
 * @module
 */
import { CanonError } from '@canon/core'
import { type Clock, systemClock } from './clock'
import type { FlagContext, Flags } from './flags/flags'
import { type PromptVariant, VariantResolver } from './flags/resolve-variant'
import { VersionLoader } from './loaded-version'
import { type CanonPrompt, PromptHandle } from './prompt'
import { type ErrorReporter, type PrefetchResult, PromptStore, type Served } from './prompt-store'
import { RegistryClient } from './registry-client'
import { SnapshotIndex, type SnapshotSource } from './snapshot'
import { Telemetry, type TelemetryOptions } from './telemetry/telemetry'
import type { CanonPrompts, PromptVersionShape, UntypedShape } from './types'

/** Options of `createCanon`. */
export interface CanonOptions {
  /** The registry, e.g. `https://canon.example.com`. */
  baseUrl: string
  /** A key with the `read` scope (`score` needs `telemetry`). */
  apiKey?: string
  /**
   * Served when the registry is unreachable and the prompt is not in memory: the parsed file
   * `canon pull --out f` wrote, or a function returning it (`@canon/sdk/node` accepts a path).
   */
  fallback?: SnapshotSource
  /** How long a label's answer counts as fresh. Default 60 s. */
  cacheTtlMs?: number
  /** The label `get` uses when none is given. Default `production`. */
  defaultLabel?: string
  /** How long one registry request may take before the fallback is used. Default 5 s. */
  timeoutMs?: number
  /** Default: the global `fetch`. Tests pass a registry's `app.request`. */
  fetch?: typeof fetch
  /** A/B routing (e.g. `createUnleashFlags` from `@canon/sdk/unleash`). Default: none. */
  flags?: Flags
  telemetry?: TelemetryOptions
  clock?: Clock
  /**
   * Problems that did not fail a call: a background refresh failed, a prompt was served from
   * the snapshot, a flag's payload was bad. Default: `console.warn`, once a minute per problem.
   */
  onError?: ErrorReporter
}

/** Options of `get` that pick a version by number. */
export interface VersionOptions {
  version: number
  label?: undefined
  context?: FlagContext
}

/** Options of `get` that resolve a label, possibly through a flag variant for `context`. */
export interface LabelOptions {
  version?: undefined
  /** Default: `defaultLabel` (`production`). */
  label?: string
  /** Who asks: a flag `prompt.<name>` may route this user to another version (sticky). */
  context?: FlagContext
}

export type GetOptions = VersionOptions | LabelOptions

/** A score or piece of feedback on one traced execution. */
export interface Score {
  /** e.g. `user_approval`, `helpfulness`. */
  name: string
  /** A number (e.g. 0..1 quality), or `true`/`false` for thumbs up/down (stored as 1/0). */
  value: number | boolean
  comment?: string
  /** The span scored, when not the trace's root. */
  spanId?: string
}

type ShapeOf<X> = X extends PromptVersionShape ? X : UntypedShape

/** Any version of a prompt, as the generated types describe it (narrow on `version`). */
export type PromptOf<Versions> = [keyof Versions & number] extends [never]
  ? CanonPrompt
  : { [K in keyof Versions & number]: CanonPrompt<ShapeOf<Versions[K]>, K> }[keyof Versions &
      number]

/** The client. `P` defaults to the types `canon codegen` generated (`CanonPrompts`). */
export interface Canon<P extends object = CanonPrompts> {
  /** A version by number: cached forever once fetched. */
  get<N extends keyof P & string, V extends keyof P[N] & number>(
    name: N,
    options: { version: V; label?: undefined; context?: FlagContext },
  ): Promise<CanonPrompt<ShapeOf<P[N][V]>, V>>
  /**
   * The version a label points at (default `production`), or the one a flag variant gives
   * `context`. Never blocks on the flag system.
   */
  get<N extends keyof P & string>(name: N, options?: LabelOptions): Promise<PromptOf<P[N]>>
  get(name: string, options?: GetOptions): Promise<CanonPrompt>
  /** Loads every prompt at the labels (default: `defaultLabel`) in one request each. */
  prefetch(options?: { labels?: string[] }): Promise<PrefetchResult[]>
  /** Sends a score for a traced execution (`POST /v1/scores`). */
  score(traceId: string, score: Score): Promise<void>
  /** Stops the flags' background work. */
  close(): Promise<void>
}

const warnedAt = new Map<string, number>()

function defaultReporter(clock: Clock): ErrorReporter {
  return (error, what) => {
    const key = what
    const now = clock.now()
    const last = warnedAt.get(key)
    if (last !== undefined && now - last < 60_000) return
    warnedAt.set(key, now)
    console.warn(`@canon/sdk: ${what}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/**
 * Creates a client.
 * @example
 * const canon = createCanon({ baseUrl: 'https://canon.example.com', apiKey, fallback: snapshot })
 * const prompt = await canon.get('SummarizeSupportTicket', { context: { userId } })
 * const text = prompt.render({ support_ticket_text: ticket })
 */
export function createCanon<P extends object = CanonPrompts>(options: CanonOptions): Canon<P> {
  if (typeof options?.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
    throw new CanonError(
      'CONFIG_INVALID',
      `createCanon: baseUrl must be an http(s) URL, got ${JSON.stringify(options?.baseUrl)}`,
    )
  }
  const ttl = options.cacheTtlMs ?? 60_000
  if (!(ttl >= 0)) throw new CanonError('CONFIG_INVALID', 'createCanon: cacheTtlMs must be ≥ 0')
  const defaultLabel = options.defaultLabel ?? 'production'
  const clock = options.clock ?? systemClock
  const onError = options.onError ?? defaultReporter(clock)
  const client = new RegistryClient({
    baseUrl: options.baseUrl,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 5_000,
  })
  const store = new PromptStore({
    client,
    loader: new VersionLoader(),
    ttlMs: ttl,
    clock,
    snapshot: options.fallback === undefined ? undefined : snapshotLoader(options.fallback),
    onError,
  })
  const telemetry = new Telemetry(options.telemetry)
  const flags = options.flags
  const resolver = flags
    ? new VariantResolver(flags, (flag, variant) =>
        onError(
          new CanonError(
            'VALIDATION_FAILED',
            `variant ${variant.name} has no {"version": n} payload`,
          ),
          `flag ${flag}: answering from the label`,
        ),
      )
    : undefined

  const handle = (served: Served, label: string | undefined, variant: string | undefined) =>
    new PromptHandle(served.loaded, served.source, label, variant, telemetry)

  const byLabel = (name: string, label: string): Promise<PromptHandle> => {
    const served = store.label(name, label)
    if (!(served instanceof Promise)) return Promise.resolve(handle(served, label, undefined))
    return served.then((s) => handle(s, label, undefined))
  }

  const byVariant = (name: string, label: string, v: PromptVariant): Promise<PromptHandle> => {
    const served = store.version(name, v.version)
    if (!(served instanceof Promise)) return Promise.resolve(handle(served, undefined, v.variant))
    return served.then(
      (s) => handle(s, undefined, v.variant),
      (err: unknown) => {
        onError(
          err,
          `flag ${v.flag} routes to ${name} v${v.version}, which is unavailable; answering from ${name}@${label}`,
        )
        return byLabel(name, label)
      },
    )
  }

  const canon = {
    get(name: string, opts: GetOptions = {}): Promise<PromptHandle> {
      if (opts.version !== undefined) {
        if (opts.label !== undefined) {
          return Promise.reject(
            new CanonError('BAD_REQUEST', `get(${name}): give a version or a label, not both`),
          )
        }
        const served = store.version(name, opts.version)
        if (!(served instanceof Promise))
          return Promise.resolve(handle(served, undefined, undefined))
        return served.then((s) => handle(s, undefined, undefined))
      }
      const label = opts.label ?? defaultLabel
      if (resolver && opts.context) {
        const variant = resolver.resolve(name, opts.context)
        if (variant) return byVariant(name, label, variant)
      }
      return byLabel(name, label)
    },

    async prefetch(opts: { labels?: string[] } = {}): Promise<PrefetchResult[]> {
      await store.checkSnapshot()
      const results: PrefetchResult[] = []
      for (const label of opts.labels ?? [defaultLabel]) results.push(await store.prefetch(label))
      return results
    },

    async score(traceId: string, score: Score): Promise<void> {
      if (typeof traceId !== 'string' || !/^[0-9a-f]{32}$/.test(traceId)) {
        throw new CanonError(
          'BAD_REQUEST',
          `score: traceId must be 32 lower-case hex digits, got ${JSON.stringify(traceId)}`,
        )
      }
      if (typeof score?.name !== 'string' || score.name.trim() === '') {
        throw new CanonError('BAD_REQUEST', 'score: name must be a non-empty string')
      }
      const value = score.value
      const okValue =
        typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
      if (!okValue) {
        throw new CanonError(
          'BAD_REQUEST',
          `score ${score.name}: value must be a finite number or a boolean`,
        )
      }
      const body: Record<string, unknown> = { traceId, name: score.name, value }
      if (score.comment !== undefined) body.comment = score.comment
      if (score.spanId !== undefined) body.spanId = score.spanId
      await client.score(body)
    },

    async close(): Promise<void> {
      await flags?.close?.()
    },
  }
  return canon as unknown as Canon<P>
}

function snapshotLoader(source: SnapshotSource): () => Promise<SnapshotIndex> {
  let loaded: Promise<SnapshotIndex> | undefined
  return () => {
    loaded ??= (async () => {
      const value = typeof source === 'function' ? await source() : source
      const list: readonly unknown[] = Array.isArray(value) ? value : [value]
      return new SnapshotIndex(list, 'the fallback snapshot')
    })()
    return loaded
  }
}
