import { CanonError } from '@canon/core'
import type { EmbedOptions, Provider } from './types'

/** A provider known to have an embeddings API. */
export type EmbeddingProvider = Provider & {
  embed(texts: string[], opts: EmbedOptions): Promise<number[][]>
}

/**
 * The provider, checked to have `embed`; a clear configuration error otherwise (Anthropic has no
 * embeddings API, so `similar` assertions need an OpenAI-compatible or mock provider).
 * @example const embedder = requireEmbeddings(createProvider(def.evaluation.embeddings))
 */
export function requireEmbeddings(provider: Provider): EmbeddingProvider {
  if (typeof provider.embed === 'function') return provider as EmbeddingProvider
  throw new CanonError(
    'CONFIG_INVALID',
    `provider ${provider.id} has no embeddings API; set evaluation.embeddings to an OpenAI-compatible provider (or mock)`,
  )
}
