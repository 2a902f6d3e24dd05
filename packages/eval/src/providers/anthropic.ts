/**
 * Anthropic Messages API: system prompt in the top-level `system` field, `max_tokens` required,
 * text from `content[]` blocks, cache token buckets folded into `inputTokens`.
 * @module
 */
import type { ChatMessage } from '@canon/core'
import { CanonError } from '@canon/core'
import type { HttpOptions } from '../http/request-json'
import { requestJson } from '../http/request-json'
import type { ModelPrice } from '../pricing/price-table'
import { costOf } from './cost-of'
import {
  asRecord,
  count,
  joinUrl,
  malformedResponse,
  normalizeBaseUrl,
  requireModel,
} from './response-shape'
import type {
  CompleteOptions,
  CompletionRequest,
  CompletionResult,
  FinishReason,
  Provider,
  ResponseFormat,
  Usage,
} from './types'

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com'
export const ANTHROPIC_VERSION = '2023-06-01'
/** Sent when the prompt sets no `max_tokens`, which the Messages API requires. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024

export interface AnthropicProviderConfig {
  /** Default https://api.anthropic.com (the provider appends `/v1/messages`). */
  baseUrl?: string
  /** Sent as `x-api-key`. */
  apiKey?: string
  model?: string
  /** Default `max_tokens` when the prompt has none. Default 1024. */
  maxTokens?: number
  headers?: Record<string, string>
  price?: ModelPrice
  http?: HttpOptions
}

const FINISH: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
}

/**
 * The Messages API has no JSON mode in `2023-06-01`; an output contract becomes an instruction
 * appended to the system prompt (the eval's `json-schema` assertion still checks the answer).
 */
function formatInstruction(format: ResponseFormat | undefined): string | undefined {
  if (!format || format.type === 'text') return undefined
  if (format.type === 'json_object') {
    return 'Answer with a single JSON object only: no prose, no code fences.'
  }
  return `Answer with a single JSON value only: no prose, no code fences. It must match this JSON Schema:\n${JSON.stringify(format.schema)}`
}

function toBody(req: CompletionRequest, model: string, defaultMaxTokens: number) {
  // `seed` has no Messages API equivalent and would be rejected as an unknown field.
  const { response_format, max_tokens, stop, seed: _seed, ...rest } = req.params ?? {}
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content)
  const instruction = formatInstruction(response_format)
  if (instruction) system.push(instruction)
  const messages = req.messages
    .filter((m): m is ChatMessage & { role: 'user' | 'assistant' } => m.role !== 'system')
    .map((m) => ({ role: m.role, content: m.content }))
  if (messages.length === 0) {
    throw new CanonError(
      'CONFIG_INVALID',
      'anthropic: the Messages API needs at least one user message; this prompt has only system messages',
    )
  }
  const body: Record<string, unknown> = {
    ...rest,
    model,
    max_tokens: max_tokens ?? defaultMaxTokens,
    messages,
  }
  if (system.length > 0) body.system = system.join('\n\n')
  if (stop !== undefined) body.stop_sequences = stop
  return body
}

function readUsage(value: unknown): Usage | undefined {
  const usage = asRecord(value)
  if (!usage) return undefined
  const write = count(usage.cache_creation_input_tokens) ?? 0
  const read = count(usage.cache_read_input_tokens) ?? 0
  // `input_tokens` excludes both cache buckets; normalized `inputTokens` is the whole prompt.
  const result: Usage = {
    inputTokens: (count(usage.input_tokens) ?? 0) + write + read,
    outputTokens: count(usage.output_tokens) ?? 0,
  }
  if (read) result.cacheReadTokens = read
  if (write) result.cacheWriteTokens = write
  return result
}

/**
 * @example
 * const claude = createAnthropicProvider({ apiKey: process.env.ANTHROPIC_API_KEY })
 * await claude.complete({ model: 'claude-3-5-haiku-latest', messages })
 */
export function createAnthropicProvider(config: AnthropicProviderConfig = {}): Provider {
  const id = 'anthropic'
  const baseUrl = normalizeBaseUrl(config.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL)
  const headers: Record<string, string> = {
    'anthropic-version': ANTHROPIC_VERSION,
    ...config.headers,
  }
  if (config.apiKey) headers['x-api-key'] = config.apiKey
  const authHint = config.apiKey
    ? 'check ANTHROPIC_API_KEY or the provider apiKey'
    : 'no API key was sent; set ANTHROPIC_API_KEY'
  const defaultMaxTokens = config.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS

  async function complete(
    req: CompletionRequest,
    opts: CompleteOptions = {},
  ): Promise<CompletionResult> {
    const requested = requireModel(id, req.model || config.model)
    const body = toBody(req, requested, defaultMaxTokens)
    const url = joinUrl(baseUrl, 'v1/messages')
    const res = await requestJson(
      { provider: id, url, headers, body, signal: opts.signal, authHint },
      config.http,
    )
    const content = res.body.content
    if (!Array.isArray(content)) throw malformedResponse(id, 'no content[] array', res.body)
    const texts: string[] = []
    for (const block of content) {
      const b = asRecord(block)
      if (b?.type !== 'text') continue
      if (typeof b.text !== 'string')
        throw malformedResponse(id, 'a text block has no text', res.body)
      texts.push(b.text)
    }
    const usage = readUsage(res.body.usage)
    const model = typeof res.body.model === 'string' ? res.body.model : requested
    const stopReason = typeof res.body.stop_reason === 'string' ? res.body.stop_reason : ''
    return {
      text: texts.join(''),
      usage: usage ?? { inputTokens: 0, outputTokens: 0 },
      latencyMs: res.latencyMs,
      attempts: res.attempts,
      costUsd: usage ? costOf(model, requested, usage, config.price) : undefined,
      model,
      finishReason: Object.hasOwn(FINISH, stopReason)
        ? (FINISH[stopReason] as FinishReason)
        : 'unknown',
      raw: res.body,
    }
  }

  return { id, endpoint: baseUrl, defaultModel: config.model, complete }
}
