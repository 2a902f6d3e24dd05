/**
 * Cache keys: sha256 (hex) of the canonical JSON of exactly what makes an answer.
 *
 * A completion key covers provider id, endpoint (normalized base URL), model, params, rendered
 * messages and trial index. The endpoint is in because the same model name on two servers
 * (OpenAI vs a local vLLM) is two models; the API key, timeouts and retries are out because
 * they do not change the answer. `v` versions the scheme: bump it to invalidate every entry.
 * @module
 */
import { createHash } from 'node:crypto'
import type { CompletionRequest, Provider } from '../providers/types'
import { canonicalJson } from './canonical-json'

export const CACHE_KEY_VERSION = 1

/** The exact fields hashed into a completion key. */
export interface CompletionKeyFields {
  v: number
  kind: 'complete'
  provider: string
  endpoint: string | undefined
  model: string
  params: Record<string, unknown>
  messages: CompletionRequest['messages']
  trial: number
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** What a completion key hashes; the cache stores it beside the answer. */
export function completionKeyFields(
  provider: Pick<Provider, 'id' | 'endpoint' | 'defaultModel'>,
  req: CompletionRequest,
  trial = 0,
): CompletionKeyFields {
  return {
    v: CACHE_KEY_VERSION,
    kind: 'complete',
    provider: provider.id,
    endpoint: provider.endpoint,
    model: req.model || provider.defaultModel || '',
    params: req.params ?? {},
    messages: req.messages,
    trial,
  }
}

/**
 * @example completionCacheKey(provider, { model: 'gpt-4o-mini', messages }, 0) // '3f1a…' (64 hex)
 */
export function completionCacheKey(
  provider: Pick<Provider, 'id' | 'endpoint' | 'defaultModel'>,
  req: CompletionRequest,
  trial = 0,
): string {
  return sha256Hex(canonicalJson(completionKeyFields(provider, req, trial)))
}

/** Key of one text's embedding: provider, endpoint, model, text. */
export function embeddingCacheKey(
  provider: Pick<Provider, 'id' | 'endpoint'>,
  model: string,
  text: string,
): string {
  return sha256Hex(
    canonicalJson({
      v: CACHE_KEY_VERSION,
      kind: 'embed',
      provider: provider.id,
      endpoint: provider.endpoint,
      model,
      text,
    }),
  )
}
