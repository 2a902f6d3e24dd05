import { hashEmbedding } from '../../src/providers/hash-embedding'
import type { Dialect, ReplyContext, StubOptions, StubServer } from './stub-server'
import { startStub, stubTokens } from './stub-server'

const ERROR_TYPES: Record<number, { type: string; code: string | null }> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
}

let ids = 0

function chatCompletion(ctx: ReplyContext): unknown {
  const messages = Array.isArray(ctx.body.messages) ? ctx.body.messages : []
  const promptText = messages
    .map((m) => String((m as { content?: unknown }).content ?? ''))
    .join('\n')
  const usage = ctx.step?.usage ?? {}
  const prompt = usage.input ?? stubTokens(promptText)
  const completion = usage.output ?? stubTokens(ctx.text)
  return {
    id: `chatcmpl-stub${++ids}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: ctx.model,
    system_fingerprint: 'fp_stub',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: ctx.text, refusal: null },
        logprobs: null,
        finish_reason: ctx.step?.finishReason ?? 'stop',
      },
    ],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: usage.cacheRead ?? 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  }
}

function embeddings(ctx: ReplyContext): unknown {
  const input = ctx.body.input
  const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')]
  const tokens = texts.reduce((n, t) => n + stubTokens(t), 0)
  return {
    object: 'list',
    data: texts.map((t, index) => ({
      object: 'embedding',
      index,
      embedding: hashEmbedding(t, 64),
    })),
    model: ctx.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  }
}

/** OpenAI Chat Completions + Embeddings, as `POST /v1/chat/completions` and `POST /v1/embeddings`. */
export const openaiDialect: Dialect = {
  basePath: '/v1',
  routes: { '/chat/completions': chatCompletion, '/embeddings': embeddings },
  apiKeyOf: (req) => req.headers.authorization?.replace(/^Bearer /, ''),
  errorBody: (status, message) => {
    const t = ERROR_TYPES[status] ?? {
      type: status >= 500 ? 'server_error' : 'invalid_request_error',
      code: null,
    }
    return { error: { message, type: t.type, param: null, code: t.code } }
  },
  wrongShape: { id: 'chatcmpl-odd', object: 'chat.completion', model: 'gpt-4o-mini', result: 'hi' },
}

/**
 * An OpenAI-compatible server on 127.0.0.1; `url` ends in `/v1` (the provider's `baseUrl`).
 * @example
 * const stub = await startOpenAIStub({ latencyMs: 100 })
 * stub.enqueue({ kind: 'rate-limit', retryAfter: '2' })
 * const provider = createOpenAIProvider({ baseUrl: stub.url })
 */
export function startOpenAIStub(opts: StubOptions = {}): Promise<StubServer> {
  return startStub(openaiDialect, opts)
}
