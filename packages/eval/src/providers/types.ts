/**
 * The provider contract every model backend implements: one chat completion per call,
 * normalized usage and cost, and (for some providers) embeddings.
 * @module
 */
import type { ChatMessage, JsonSchema } from '@canon/core'

/** How the model should shape its answer. `json_schema` is used when the prompt has `output.schema`. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name?: string; schema: JsonSchema; strict?: boolean }

/**
 * Sampling parameters, named as in prompt files (`model:` block). Keys other than the ones listed
 * pass through to the provider's request body untouched (`frequency_penalty`, `top_k`, …).
 */
export interface CompletionParams {
  temperature?: number
  max_tokens?: number
  top_p?: number
  stop?: string[]
  seed?: number
  response_format?: ResponseFormat
  [key: string]: unknown
}

/** What is sent to a model. Everything here is part of the response-cache key. */
export interface CompletionRequest {
  /** Model id as the provider knows it, e.g. `gpt-4o-mini` or `claude-3-5-haiku-latest`. */
  model: string
  /** Rendered messages; a text prompt is one `user` message (see `toMessages`). */
  messages: ChatMessage[]
  params?: CompletionParams
}

/** Call context: not part of what the model sees, so not part of the cache key (except `trial`). */
export interface CompleteOptions {
  signal?: AbortSignal
  /** Repeat index of the same case (0-based); separate trials are cached separately. */
  trial?: number
  /** Dataset case id: the mock provider answers by it and cache errors name it. */
  caseId?: string
}

/**
 * Token counts, normalized across providers. `inputTokens` is the WHOLE prompt, cached parts
 * included (OpenAI `prompt_tokens`; Anthropic `input_tokens + cache_creation + cache_read`);
 * `cacheReadTokens` / `cacheWriteTokens` say how much of it was read from / written to the
 * provider's prompt cache.
 */
export interface Usage {
  inputTokens: number
  outputTokens: number
  cacheReadTokens?: number
  cacheWriteTokens?: number
}

/** Why the model stopped, normalized: Anthropic `end_turn` → `stop`, `max_tokens` → `length`, … */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'unknown'

export interface CompletionResult {
  text: string
  usage: Usage
  /**
   * Wall time of the request that answered (waits between retries excluded); for a cache hit,
   * the recorded call's latency.
   */
  latencyMs: number
  /** HTTP attempts the answer took (1 = no retry). */
  attempts?: number
  /** USD from the price table; `undefined` when the model's price is unknown. */
  costUsd: number | undefined
  /** Model id as the provider reported it (often a dated snapshot of the requested one). */
  model: string
  finishReason: FinishReason
  /** OpenAI `system_fingerprint`, recorded for reproducibility when present. */
  systemFingerprint?: string
  /** True when the result came from the response cache instead of a provider call. */
  cached?: boolean
  /** The provider's response body, for debugging. Not stored in the cache. */
  raw?: unknown
}

export interface EmbedOptions {
  model: string
  signal?: AbortSignal
}

/**
 * A model backend.
 * @example
 * const provider = createProvider({ provider: 'openai', model: 'gpt-4o-mini' })
 * const result = await provider.complete({ model: 'gpt-4o-mini', messages }, { trial: 0 })
 */
export interface Provider {
  /** Provider kind: `openai`, `anthropic`, `mock`. */
  readonly id: string
  /**
   * Where requests go (normalized base URL), or `undefined` for in-process providers.
   * Part of the cache key: the same model name on two servers is two models.
   */
  readonly endpoint: string | undefined
  /** Default model when a request leaves it to the provider config. */
  readonly defaultModel: string | undefined
  complete(req: CompletionRequest, opts?: CompleteOptions): Promise<CompletionResult>
  /** One vector per text, in order. Absent for providers without an embeddings API. */
  embed?(texts: string[], opts: EmbedOptions): Promise<number[][]>
}
