import type { CompletionResult } from '../providers/types'
import type { CompletionKeyFields } from './cache-key'

/**
 * `replay` never calls the provider (a miss is an error), `record` calls on a miss and stores the
 * answer, `off` always calls and stores nothing.
 */
export type CacheMode = 'replay' | 'record' | 'off'

export const CACHE_MODES: readonly CacheMode[] = ['replay', 'record', 'off']

/** The stored part of a completion: the result without `raw` and `cached`. */
export type StoredCompletion = Omit<CompletionResult, 'raw' | 'cached'>

export interface CompletionCacheEntry {
  version: 1
  kind: 'complete'
  key: string
  /** ISO time of recording. */
  createdAt: string
  /** Case that recorded it, for people reading the file (not part of the key). */
  caseId?: string
  request: CompletionKeyFields
  response: StoredCompletion
}

export interface EmbeddingCacheEntry {
  version: 1
  kind: 'embed'
  key: string
  createdAt: string
  request: { provider: string; endpoint: string | undefined; model: string; text: string }
  response: { vector: number[] }
}

export type CacheEntry = CompletionCacheEntry | EmbeddingCacheEntry

/** Where cached answers live. */
export interface CacheStore {
  /** `undefined` on a miss; throws a CanonError with `details.corrupt` for an unreadable entry. */
  get(key: string): Promise<CacheEntry | undefined>
  set(entry: CacheEntry): Promise<void>
}

/** Counters a report (and the replay bench) reads. `calls` = calls that reached the provider. */
export interface CacheStats {
  hits: number
  misses: number
  calls: number
  writes: number
}
