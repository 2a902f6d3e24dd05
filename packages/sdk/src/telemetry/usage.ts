/**
 * Reads token usage, response model and output text from what a model call returned, in the
 * shapes of the OpenAI (Chat Completions and Responses), Anthropic Messages and Vercel AI SDK
 * clients, or Canon's own `{ usage: { inputTokens, outputTokens } }`.
 * @module
 */

/** Tokens of one model call. */
export interface TokenUsage {
  inputTokens: number
  outputTokens: number
  /** Part of `inputTokens` read from the provider's prompt cache. */
  cacheReadTokens?: number
}

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined

/** Usage in any known shape, or undefined. */
export function extractUsage(value: unknown): TokenUsage | undefined {
  if (!isObj(value)) return undefined
  return usageOf(value.usage) ?? usageOf(value)
}

function usageOf(u: unknown): TokenUsage | undefined {
  if (!isObj(u)) return undefined
  const input =
    num(u.inputTokens) ?? num(u.input_tokens) ?? num(u.prompt_tokens) ?? num(u.promptTokens)
  const output =
    num(u.outputTokens) ??
    num(u.output_tokens) ??
    num(u.completion_tokens) ??
    num(u.completionTokens)
  if (input === undefined && output === undefined) return undefined
  // Anthropic counts cache reads and writes apart from input_tokens; the conventions count them in.
  const anthropicCache =
    (num(u.cache_read_input_tokens) ?? 0) + (num(u.cache_creation_input_tokens) ?? 0)
  const cacheRead =
    num(u.cacheReadTokens) ??
    num(u.cache_read_input_tokens) ??
    num((u.prompt_tokens_details as Obj | undefined)?.cached_tokens) ??
    num((u.input_tokens_details as Obj | undefined)?.cached_tokens)
  const isAnthropic =
    u.cache_read_input_tokens !== undefined || u.cache_creation_input_tokens !== undefined
  const usage: TokenUsage = {
    inputTokens: (input ?? 0) + (isAnthropic ? anthropicCache : 0),
    outputTokens: output ?? 0,
  }
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead
  return usage
}

/** What a response says about itself: the model that answered, its id, finish reasons. */
export interface ResponseInfo {
  model?: string
  id?: string
  finishReasons?: string[]
}

export function extractResponseInfo(value: unknown): ResponseInfo {
  if (!isObj(value)) return {}
  const info: ResponseInfo = {}
  if (typeof value.model === 'string') info.model = value.model
  if (typeof value.id === 'string') info.id = value.id
  if (Array.isArray(value.choices)) {
    const reasons = value.choices
      .map((c) => (isObj(c) ? c.finish_reason : undefined))
      .filter((r): r is string => typeof r === 'string')
    if (reasons.length > 0) info.finishReasons = reasons
  } else if (typeof value.stop_reason === 'string') {
    info.finishReasons = [value.stop_reason]
  } else if (typeof value.finishReason === 'string') {
    info.finishReasons = [value.finishReason]
  }
  return info
}

/** The text a model answered: a string, or the text of a known response shape. */
export function extractText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (!isObj(value)) return undefined
  if (Array.isArray(value.choices)) {
    const message = isObj(value.choices[0]) ? value.choices[0].message : undefined
    if (isObj(message) && typeof message.content === 'string') return message.content
  }
  if (Array.isArray(value.content)) {
    const parts = value.content
      .filter((p): p is Obj => isObj(p) && p.type === 'text' && typeof p.text === 'string')
      .map((p) => p.text as string)
    if (parts.length > 0) return parts.join('')
  }
  if (typeof value.output_text === 'string') return value.output_text
  if (typeof value.text === 'string') return value.text
  return undefined
}
