/**
 * Wraps any provider with the content-addressed response cache.
 * @module
 */
import { CanonError, isCanonError } from '@canon/core'
import type {
  CompleteOptions,
  CompletionRequest,
  CompletionResult,
  Provider,
} from '../providers/types'
import { completionCacheKey, completionKeyFields, embeddingCacheKey } from './cache-key'
import type { CacheEntry, CacheMode, CacheStats, CacheStore, StoredCompletion } from './types'

export interface CachedProvider extends Provider {
  readonly mode: CacheMode
  /** Live counters; `calls` stays 0 for a full replay. */
  readonly stats: Readonly<CacheStats>
}

/** True for the error a `replay` run raises on a cache miss. */
export function isReplayMiss(err: unknown): err is CanonError {
  return isCanonError(err) && err.details?.replayMiss === true
}

function replayMiss(what: string, key: string): CanonError {
  return new CanonError(
    'NOT_FOUND',
    `replay cache has no recorded response for ${what} (key ${key.slice(0, 12)}); the prompt, model, params or dataset changed since it was recorded. Run with --cache record to call the provider and record it`,
    { details: { replayMiss: true, key } },
  )
}

function isCorrupt(err: unknown): boolean {
  return isCanonError(err) && err.details?.corrupt === true
}

function stored(result: CompletionResult): StoredCompletion {
  const { raw: _raw, cached: _cached, ...rest } = result
  return rest
}

/**
 * @example
 * const cached = withCache(createProvider(spec), createFileCacheStore(), 'replay')
 * await cached.complete(req, { caseId, trial })
 * cached.stats // { hits: 1, misses: 0, calls: 0, writes: 0 }
 */
export function withCache(provider: Provider, store: CacheStore, mode: CacheMode): CachedProvider {
  const stats: CacheStats = { hits: 0, misses: 0, calls: 0, writes: 0 }
  // Identical requests in flight at once share one provider call.
  const inFlight = new Map<string, Promise<CompletionResult>>()

  async function lookup(key: string): Promise<CacheEntry | undefined> {
    try {
      return await store.get(key)
    } catch (err) {
      // Record mode overwrites a corrupt entry; replay must say so.
      if (mode === 'record' && isCorrupt(err)) return undefined
      throw err
    }
  }

  async function complete(
    req: CompletionRequest,
    opts: CompleteOptions = {},
  ): Promise<CompletionResult> {
    if (mode === 'off') {
      stats.calls++
      return provider.complete(req, opts)
    }
    const trial = opts.trial ?? 0
    const key = completionCacheKey(provider, req, trial)
    const entry = await lookup(key)
    if (entry?.kind === 'complete') {
      stats.hits++
      return { ...entry.response, cached: true }
    }
    stats.misses++
    if (mode === 'replay') {
      const what = `case "${opts.caseId ?? '(no id)'}" (${provider.id} ${req.model || provider.defaultModel}, trial ${trial})`
      throw replayMiss(what, key)
    }
    const pending = inFlight.get(key)
    if (pending) return pending
    const call = (async () => {
      stats.calls++
      const result = await provider.complete(req, opts)
      const record: CacheEntry = {
        version: 1,
        kind: 'complete',
        key,
        createdAt: new Date().toISOString(),
        request: completionKeyFields(provider, req, trial),
        response: stored(result),
      }
      if (opts.caseId !== undefined) record.caseId = opts.caseId
      await store.set(record)
      stats.writes++
      return { ...result, cached: false }
    })()
    inFlight.set(key, call)
    try {
      return await call
    } finally {
      inFlight.delete(key)
    }
  }

  const cached: CachedProvider = {
    id: provider.id,
    endpoint: provider.endpoint,
    defaultModel: provider.defaultModel,
    mode,
    stats,
    complete,
  }
  const embed = provider.embed?.bind(provider)
  if (embed) {
    cached.embed = async (texts, opts) => {
      if (mode === 'off') {
        stats.calls++
        return embed(texts, opts)
      }
      const keys = texts.map((t) => embeddingCacheKey(provider, opts.model, t))
      const vectors: (number[] | undefined)[] = []
      const missing: number[] = []
      for (const [i, key] of keys.entries()) {
        const entry = await lookup(key)
        if (entry?.kind === 'embed') {
          stats.hits++
          vectors[i] = entry.response.vector
        } else {
          stats.misses++
          missing.push(i)
        }
      }
      if (missing.length > 0 && mode === 'replay') {
        const first = missing[0] as number
        throw replayMiss(
          `the embedding of ${JSON.stringify(texts[first]?.slice(0, 60))} (${provider.id} ${opts.model})`,
          keys[first] as string,
        )
      }
      if (missing.length > 0) {
        stats.calls++
        const fresh = await embed(
          missing.map((i) => texts[i] as string),
          opts,
        )
        for (const [n, i] of missing.entries()) {
          const vector = fresh[n] as number[]
          vectors[i] = vector
          await store.set({
            version: 1,
            kind: 'embed',
            key: keys[i] as string,
            createdAt: new Date().toISOString(),
            request: {
              provider: provider.id,
              endpoint: provider.endpoint,
              model: opts.model,
              text: texts[i] as string,
            },
            response: { vector },
          })
          stats.writes++
        }
      }
      return vectors as number[][]
    }
  }
  return cached
}
