/**
 * Any OpenAI-compatible Chat Completions server: OpenAI, vLLM, Ollama (`/v1`), llama.cpp,
 * LM Studio, LiteLLM, OpenRouter.
 * @module
 */
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
  CompletionParams,
  CompletionRequest,
  CompletionResult,
  FinishReason,
  Provider,
  Usage,
} from './types'

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1'

export interface OpenAIProviderConfig {
  /** Default https://api.openai.com/v1; point it at any compatible server. */
  baseUrl?: string
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string
  /** Used when a request has no model. */
  model?: string
  /** Extra headers (`OpenAI-Organization`, a proxy's auth…). */
  headers?: Record<string, string>
  /** Overrides the price table for this provider's models (self-hosted: `{ input: 0, output: 0 }`). */
  price?: ModelPrice
  http?: HttpOptions
  /** Inputs per `/embeddings` call. Default 256. */
  embeddingBatchSize?: number
}

const FINISH: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content_filter',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
}

/** Reasoning models reject `max_tokens` and want `max_completion_tokens`. */
const REASONING_MODEL = /^(?:[\w-]+\/)?(?:o\d|gpt-5)/i

function toBody(req: CompletionRequest): Record<string, unknown> {
  const { response_format, max_tokens, ...rest }: CompletionParams = req.params ?? {}
  const body: Record<string, unknown> = { ...rest, model: req.model, messages: req.messages }
  if (max_tokens !== undefined) {
    body[REASONING_MODEL.test(req.model) ? 'max_completion_tokens' : 'max_tokens'] = max_tokens
  }
  if (response_format?.type === 'json_schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: {
        name: response_format.name ?? 'output',
        schema: response_format.schema,
        strict: response_format.strict ?? false,
      },
    }
  } else if (response_format) {
    body.response_format = response_format
  }
  return body
}

function readUsage(value: unknown): Usage | undefined {
  const usage = asRecord(value)
  if (!usage) return undefined
  const result: Usage = {
    inputTokens: count(usage.prompt_tokens) ?? 0,
    outputTokens: count(usage.completion_tokens) ?? 0,
  }
  const cached = count(asRecord(usage.prompt_tokens_details)?.cached_tokens)
  if (cached) result.cacheReadTokens = cached
  return result
}

/**
 * @example
 * const openai = createOpenAIProvider({ apiKey: process.env.OPENAI_API_KEY })
 * const ollama = createOpenAIProvider({ baseUrl: 'http://127.0.0.1:11434/v1', price: { input: 0, output: 0 } })
 */
export function createOpenAIProvider(config: OpenAIProviderConfig = {}): Provider {
  const id = 'openai'
  const baseUrl = normalizeBaseUrl(config.baseUrl ?? OPENAI_DEFAULT_BASE_URL)
  const headers: Record<string, string> = { ...config.headers }
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`
  const authHint = config.apiKey
    ? 'check OPENAI_API_KEY or the provider apiKey'
    : 'no API key was sent; set OPENAI_API_KEY'
  const batchSize = Math.max(1, config.embeddingBatchSize ?? 256)

  async function complete(
    req: CompletionRequest,
    opts: CompleteOptions = {},
  ): Promise<CompletionResult> {
    const url = joinUrl(baseUrl, 'chat/completions')
    const body = toBody({ ...req, model: requireModel(id, req.model || config.model) })
    const res = await requestJson(
      { provider: id, url, headers, body, signal: opts.signal, authHint },
      config.http,
    )
    const choice = asRecord(Array.isArray(res.body.choices) ? res.body.choices[0] : undefined)
    if (!choice) throw malformedResponse(id, 'no choices[0]', res.body)
    const message = asRecord(choice.message)
    if (!message) throw malformedResponse(id, 'choices[0] has no message', res.body)
    const content = message.content
    if (content !== null && content !== undefined && typeof content !== 'string') {
      throw malformedResponse(id, 'choices[0].message.content is not a string', res.body)
    }
    const refusal = typeof message.refusal === 'string' ? message.refusal : undefined
    const text = content ?? refusal ?? ''
    const rawFinish = typeof choice.finish_reason === 'string' ? choice.finish_reason : ''
    const finishReason: FinishReason =
      content == null && refusal !== undefined
        ? 'content_filter'
        : Object.hasOwn(FINISH, rawFinish)
          ? (FINISH[rawFinish] as FinishReason)
          : 'unknown'
    const usage = readUsage(res.body.usage)
    const requested = body.model as string
    const model = typeof res.body.model === 'string' ? res.body.model : requested
    const result: CompletionResult = {
      text,
      usage: usage ?? { inputTokens: 0, outputTokens: 0 },
      latencyMs: res.latencyMs,
      attempts: res.attempts,
      costUsd: usage ? costOf(model, requested, usage, config.price) : undefined,
      model,
      finishReason,
      raw: res.body,
    }
    if (typeof res.body.system_fingerprint === 'string') {
      result.systemFingerprint = res.body.system_fingerprint
    }
    return result
  }

  async function embedBatch(
    texts: string[],
    model: string,
    signal?: AbortSignal,
  ): Promise<number[][]> {
    const url = joinUrl(baseUrl, 'embeddings')
    const res = await requestJson(
      {
        provider: id,
        url,
        headers,
        body: { model, input: texts, encoding_format: 'float' },
        signal,
        authHint,
      },
      config.http,
    )
    const data = res.body.data
    if (!Array.isArray(data) || data.length !== texts.length) {
      throw malformedResponse(id, `expected data[] with ${texts.length} embeddings`, res.body)
    }
    const vectors: number[][] = new Array(texts.length)
    data.forEach((item, position) => {
      const entry = asRecord(item)
      const index = typeof entry?.index === 'number' ? entry.index : position
      const vector = entry?.embedding
      if (
        !Array.isArray(vector) ||
        !vector.every((x) => typeof x === 'number') ||
        index >= texts.length
      ) {
        throw malformedResponse(id, `data[${position}] is not an embedding`, res.body)
      }
      vectors[index] = vector
    })
    if (vectors.some((v) => v === undefined)) {
      throw malformedResponse(id, 'data[] indexes do not cover every input', res.body)
    }
    return vectors
  }

  return {
    id,
    endpoint: baseUrl,
    defaultModel: config.model,
    complete,
    async embed(texts, opts) {
      const out: number[][] = []
      for (let i = 0; i < texts.length; i += batchSize) {
        const model = requireModel(id, opts.model || config.model)
        out.push(...(await embedBatch(texts.slice(i, i + batchSize), model, opts.signal)))
      }
      return out
    },
  }
}
