import type { Dialect, ReplyContext, StubOptions, StubServer } from './stub-server'
import { startStub, stubTokens } from './stub-server'

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
}

let ids = 0

function message(ctx: ReplyContext): unknown {
  const messages = Array.isArray(ctx.body.messages) ? ctx.body.messages : []
  const system = typeof ctx.body.system === 'string' ? ctx.body.system : ''
  const promptText = [
    system,
    ...messages.map((m) => String((m as { content?: unknown }).content ?? '')),
  ].join('\n')
  const usage = ctx.step?.usage ?? {}
  return {
    id: `msg_stub${++ids}`,
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content: [{ type: 'text', text: ctx.text }],
    stop_reason: ctx.step?.finishReason ?? 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: usage.input ?? stubTokens(promptText),
      cache_creation_input_tokens: usage.cacheWrite ?? 0,
      cache_read_input_tokens: usage.cacheRead ?? 0,
      output_tokens: usage.output ?? stubTokens(ctx.text),
    },
  }
}

/** Anthropic Messages, as `POST /v1/messages`. */
export const anthropicDialect: Dialect = {
  basePath: '',
  routes: { '/v1/messages': message },
  apiKeyOf: (req) => {
    const key = req.headers['x-api-key']
    return Array.isArray(key) ? key[0] : key
  },
  errorBody: (status, text) => ({
    type: 'error',
    error: {
      type: ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'),
      message: text,
    },
  }),
  wrongShape: {
    id: 'msg_odd',
    type: 'message',
    role: 'assistant',
    model: 'claude-3-5-haiku-latest',
    completion: 'hi',
  },
}

/**
 * An Anthropic Messages server on 127.0.0.1; `url` is the provider's `baseUrl`.
 * @example
 * const stub = await startAnthropicStub({ apiKey: 'sk-ant-test' })
 * const provider = createAnthropicProvider({ baseUrl: stub.url, apiKey: 'sk-ant-test' })
 */
export function startAnthropicStub(opts: StubOptions = {}): Promise<StubServer> {
  return startStub(anthropicDialect, opts)
}
