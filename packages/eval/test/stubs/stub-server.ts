/**
 * A scriptable HTTP server on 127.0.0.1 (random port) that speaks one provider's wire format.
 * Tests queue steps (`enqueue`) consumed one per model request; with the queue empty the stub
 * answers normally.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Token counts as the wire format names them, for scripted answers. */
export interface StubUsage {
  /** OpenAI `prompt_tokens` (cache included) / Anthropic `input_tokens` (cache excluded). */
  input?: number
  output?: number
  /** OpenAI `prompt_tokens_details.cached_tokens` / Anthropic `cache_read_input_tokens`. */
  cacheRead?: number
  /** Anthropic `cache_creation_input_tokens`. */
  cacheWrite?: number
}

/** One scripted response. */
export type StubStep =
  | {
      kind: 'reply'
      text?: string
      usage?: StubUsage
      model?: string
      /** Wire value: OpenAI `stop|length|…`, Anthropic `end_turn|max_tokens|…`. */
      finishReason?: string
      latencyMs?: number
    }
  /** An error status with the provider's own error body, or `body` (a string is sent as is). */
  | {
      kind: 'status'
      status: number
      message?: string
      body?: unknown
      headers?: Record<string, string>
    }
  /** 429 with `Retry-After: retryAfter` and/or `retry-after-ms: retryAfterMs`. */
  | { kind: 'rate-limit'; retryAfter?: string; retryAfterMs?: string }
  /** Never answers (until the stub closes): for timeouts. */
  | { kind: 'hang' }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed'; body?: string }
  /** 200 with JSON lacking `choices` / `content`. */
  | { kind: 'wrong-shape'; body?: unknown }
  /** 401 with the provider's authentication error body. */
  | { kind: 'unauthorized' }

export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown
}

export interface StubOptions {
  /** Added before every answer. Default 0. */
  latencyMs?: number
  /** Default answer text for a request body. Default: `echo: <last message>`. */
  reply?: (body: Record<string, unknown>) => string
  /** When set, requests without this key get 401. */
  apiKey?: string
  /** Model reported in answers. Default: the requested model. */
  model?: string
}

export interface StubServer {
  /** Base URL to configure the provider with. */
  readonly url: string
  readonly requests: RecordedRequest[]
  /** Queues steps, consumed in order by the next model requests. */
  enqueue(...steps: StubStep[]): void
  /** Queues the same step `times` times. */
  enqueueTimes(times: number, step: StubStep): void
  close(): Promise<void>
}

/** How one provider's protocol looks on the wire. */
export interface Dialect {
  /** Base URL path the provider is configured with (`/v1` for OpenAI, `` for Anthropic). */
  basePath: string
  /** Routes that take scripted steps, keyed by path. */
  routes: Record<string, (ctx: ReplyContext) => unknown>
  /** The key the request carried. */
  apiKeyOf(req: IncomingMessage): string | undefined
  errorBody(status: number, message: string): unknown
  wrongShape: unknown
}

export interface ReplyContext {
  body: Record<string, unknown>
  step: Extract<StubStep, { kind: 'reply' }> | undefined
  text: string
  model: string
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Invalid API key',
  404: 'Not found',
  429: 'Rate limit reached; please retry later',
  500: 'The server had an error while processing your request',
  502: 'Bad gateway',
  503: 'The engine is currently overloaded, please try again later',
  529: 'Overloaded',
}

function lastMessageText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : []
  const last = messages[messages.length - 1] as { content?: unknown } | undefined
  if (typeof last?.content === 'string') return last.content
  const input = body.input
  if (typeof input === 'string') return input
  return ''
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Starts a stub for `dialect`. Prefer `startOpenAIStub` / `startAnthropicStub`. */
export async function startStub(dialect: Dialect, opts: StubOptions = {}): Promise<StubServer> {
  const queue: StubStep[] = []
  const requests: RecordedRequest[] = []

  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const path = (req.url ?? '/').split('?')[0] as string
    requests.push({ method: req.method ?? 'GET', path, headers: { ...req.headers }, body })
    const route = dialect.routes[path.slice(dialect.basePath.length)]
    if (!path.startsWith(dialect.basePath) || !route || req.method !== 'POST') {
      return sendJson(res, 404, dialect.errorBody(404, `no route ${req.method} ${path}`))
    }
    if (opts.apiKey !== undefined && dialect.apiKeyOf(req) !== opts.apiKey) {
      return sendJson(res, 401, dialect.errorBody(401, 'Incorrect API key provided'))
    }
    const step = queue.shift()
    const latency = (step?.kind === 'reply' ? step.latencyMs : undefined) ?? opts.latencyMs ?? 0
    if (step?.kind === 'hang') return
    if (latency > 0) await sleep(latency)
    if (res.destroyed) return
    switch (step?.kind) {
      case 'status':
        if (typeof step.body === 'string') {
          res.writeHead(step.status, { 'content-type': 'text/html', ...step.headers })
          return res.end(step.body)
        }
        return sendJson(
          res,
          step.status,
          step.body ??
            dialect.errorBody(step.status, step.message ?? STATUS_TEXT[step.status] ?? 'error'),
          step.headers,
        )
      case 'rate-limit': {
        const headers: Record<string, string> = {}
        if (step.retryAfter !== undefined) headers['retry-after'] = step.retryAfter
        if (step.retryAfterMs !== undefined) headers['retry-after-ms'] = step.retryAfterMs
        return sendJson(res, 429, dialect.errorBody(429, STATUS_TEXT[429] as string), headers)
      }
      case 'unauthorized':
        return sendJson(res, 401, dialect.errorBody(401, 'Incorrect API key provided'))
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(step.body ?? '{"id": "chatcmpl-1", "choices": [')
      case 'wrong-shape':
        return sendJson(res, 200, step.body ?? dialect.wrongShape)
      default: {
        const json = (body ?? {}) as Record<string, unknown>
        const requested = typeof json.model === 'string' ? json.model : 'stub-model'
        const ctx: ReplyContext = {
          body: json,
          step,
          text: step?.text ?? opts.reply?.(json) ?? `echo: ${lastMessageText(json)}`,
          model: step?.model ?? opts.model ?? requested,
        }
        return sendJson(res, 200, route(ctx))
      }
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${dialect.basePath}`,
    requests,
    enqueue: (...steps) => {
      queue.push(...steps)
    },
    enqueueTimes: (times, step) => {
      for (let i = 0; i < times; i++) queue.push(step)
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}

/** Rough tokens the way the stubs count them: a quarter of the characters. */
export function stubTokens(text: string): number {
  return Math.ceil(text.length / 4)
}
