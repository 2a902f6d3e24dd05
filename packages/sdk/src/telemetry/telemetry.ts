/**
 * Spans and metrics of prompt executions through `@opentelemetry/api` only: the app chooses
 * its SDK and exporter (SPEC §5). Message content is never recorded unless the app opts in.
 * @module
 */
import type { ChatMessage } from '@canon/core'
import { estimateCost } from '@canon/eval/pricing'
import {
  type Attributes,
  context,
  type Histogram,
  isSpanContextValid,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api'
import * as sc from './semconv'
import { extractResponseInfo, extractText, extractUsage, type TokenUsage } from './usage'

const SCOPE = '@canon/sdk'
const SCOPE_VERSION = '0.1.0'

/** Telemetry options of `createCanon`. */
export interface TelemetryOptions {
  /** Default: the global provider (`trace.setGlobalTracerProvider`, or the OTel Node SDK). */
  tracerProvider?: TracerProvider
  /** Default: the global provider, looked up at the first traced call. */
  meterProvider?: MeterProvider
  /**
   * Record prompt and completion text on spans (`gen_ai.input.messages`,
   * `gen_ai.output.messages`). Off by default: content is sensitive.
   */
  recordContent?: boolean
  /**
   * USD of one call. Default: Canon's price table by model (undefined for unknown models);
   * `false` records no cost (the registry prices spans that carry none).
   */
  cost?: false | ((usage: TokenUsage, model: string) => number | undefined)
}

/** What a span says about the prompt that ran. */
export interface PromptIdentity {
  name: string
  version: number
  label: string | undefined
  variant: string | undefined
  digest: string
  source: string
  model: {
    provider?: string
    name?: string
    temperature?: number
    max_tokens?: number
    top_p?: number
  }
}

/** Options of `prompt.trace(fn, options)`. */
export interface TraceOptions<T = unknown> {
  /** `gen_ai.operation.name`: `chat` (default), `text_completion`, `generate_content`, … */
  operation?: string
  /** The model called; default: the prompt's `model.name`. */
  model?: string
  /** `gen_ai.provider.name`: `openai`, `anthropic`, …; default: the prompt's `model.provider`. */
  provider?: string
  /** The rendered prompt, recorded only with `telemetry.recordContent`. */
  input?: string | ChatMessage[]
  /** Extra span attributes (e.g. `gen_ai.conversation.id`). */
  attributes?: Attributes
  /** Reads usage from the result when its shape is not one the SDK knows. */
  usage?: (value: T) => TokenUsage | undefined
}

/** Handed to the traced function, to report what the SDK cannot read from its result. */
export interface TraceScope {
  readonly span: Span
  setUsage(usage: TokenUsage): void
  setResponseModel(model: string): void
  setCost(usd: number): void
}

/** What `prompt.trace` resolves to. */
export interface Traced<T> {
  /** What the traced function returned. */
  value: T
  /** Pass it to `canon.score(traceId, …)`. */
  traceId: string
  spanId: string
  usage?: TokenUsage
  costUsd?: number
  durationMs: number
}

interface Instruments {
  duration: Histogram
  tokens: Histogram
}

/** One per client: the tracer, the two GenAI histograms, and the options. */
export class Telemetry {
  readonly #tracer: Tracer
  readonly #options: TelemetryOptions
  #instruments: Instruments | undefined

  constructor(options: TelemetryOptions = {}) {
    this.#options = options
    this.#tracer = (options.tracerProvider ?? trace).getTracer(SCOPE, SCOPE_VERSION)
  }

  #metrics(): Instruments {
    if (!this.#instruments) {
      const meter = (this.#options.meterProvider ?? metrics).getMeter(SCOPE, SCOPE_VERSION)
      this.#instruments = {
        duration: meter.createHistogram(sc.METRIC_OPERATION_DURATION, {
          unit: 's',
          description: 'GenAI operation duration',
          advice: { explicitBucketBoundaries: sc.DURATION_BUCKETS },
        }),
        tokens: meter.createHistogram(sc.METRIC_TOKEN_USAGE, {
          unit: '{token}',
          description: 'Tokens used per GenAI operation',
          advice: { explicitBucketBoundaries: sc.TOKEN_BUCKETS },
        }),
      }
    }
    return this.#instruments
  }

  /** Runs `fn` inside span `{operation} {model}` and records the two histograms. */
  async trace<T>(
    prompt: PromptIdentity,
    fn: (scope: TraceScope) => T | Promise<T>,
    options: TraceOptions<Awaited<T>> = {},
  ): Promise<Traced<Awaited<T>>> {
    const operation = options.operation ?? 'chat'
    const model = options.model ?? prompt.model.name
    const provider = options.provider ?? prompt.model.provider
    const attributes: Attributes = {
      [sc.GEN_AI_OPERATION_NAME]: operation,
      [sc.GEN_AI_PROMPT_NAME]: prompt.name,
      [sc.CANON_PROMPT_NAME]: prompt.name,
      [sc.CANON_PROMPT_VERSION]: prompt.version,
      [sc.CANON_PROMPT_DIGEST]: prompt.digest,
      [sc.CANON_PROMPT_FALLBACK]: prompt.source,
    }
    if (provider) attributes[sc.GEN_AI_PROVIDER_NAME] = provider
    if (model) attributes[sc.GEN_AI_REQUEST_MODEL] = model
    if (prompt.label) attributes[sc.CANON_PROMPT_LABEL] = prompt.label
    if (prompt.variant) attributes[sc.CANON_PROMPT_VARIANT] = prompt.variant
    if (options.model === undefined || options.model === prompt.model.name) {
      // Request parameters are the prompt's only when the call uses the prompt's model.
      const m = prompt.model
      if (typeof m.temperature === 'number')
        attributes[sc.GEN_AI_REQUEST_TEMPERATURE] = m.temperature
      if (typeof m.max_tokens === 'number') attributes[sc.GEN_AI_REQUEST_MAX_TOKENS] = m.max_tokens
      if (typeof m.top_p === 'number') attributes[sc.GEN_AI_REQUEST_TOP_P] = m.top_p
    }
    if (options.attributes) Object.assign(attributes, options.attributes)
    if (this.#options.recordContent && options.input !== undefined) {
      attributes[sc.GEN_AI_INPUT_MESSAGES] = JSON.stringify(asMessages(options.input, 'user'))
    }

    const metricAttributes: Attributes = {
      [sc.GEN_AI_OPERATION_NAME]: operation,
      [sc.CANON_PROMPT_NAME]: prompt.name,
      [sc.CANON_PROMPT_VERSION]: prompt.version,
    }
    if (provider) metricAttributes[sc.GEN_AI_PROVIDER_NAME] = provider
    if (model) metricAttributes[sc.GEN_AI_REQUEST_MODEL] = model

    const span = this.#tracer.startSpan(model ? `${operation} ${model}` : operation, {
      kind: SpanKind.CLIENT,
      attributes,
    })
    const spanContext = span.spanContext()
    const traceId = isSpanContextValid(spanContext) ? spanContext.traceId : randomHex(16)
    const spanId = isSpanContextValid(spanContext) ? spanContext.spanId : randomHex(8)
    let usage: TokenUsage | undefined
    let responseModel: string | undefined
    let cost: number | undefined
    const scope: TraceScope = {
      span,
      setUsage: (u) => {
        usage = u
      },
      setResponseModel: (m) => {
        responseModel = m
      },
      setCost: (usd) => {
        cost = usd
      },
    }
    const started = performance.now()
    let value: Awaited<T>
    try {
      value = await context.with(trace.setSpan(context.active(), span), () => fn(scope))
    } catch (err) {
      const seconds = (performance.now() - started) / 1000
      const errorType = errorTypeOf(err)
      span.setAttribute(sc.ERROR_TYPE, errorType)
      if (err instanceof Error) span.recordException(err)
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: err instanceof Error ? err.message : String(err),
      })
      span.end()
      this.#metrics().duration.record(seconds, { ...metricAttributes, [sc.ERROR_TYPE]: errorType })
      throw err
    }
    const seconds = (performance.now() - started) / 1000

    usage ??= options.usage?.(value) ?? extractUsage(value)
    const info = extractResponseInfo(value)
    responseModel ??= info.model
    if (responseModel) {
      span.setAttribute(sc.GEN_AI_RESPONSE_MODEL, responseModel)
      metricAttributes[sc.GEN_AI_RESPONSE_MODEL] = responseModel
    }
    if (info.id) span.setAttribute(sc.GEN_AI_RESPONSE_ID, info.id)
    if (info.finishReasons) span.setAttribute(sc.GEN_AI_RESPONSE_FINISH_REASONS, info.finishReasons)
    const instruments = this.#metrics()
    if (usage) {
      span.setAttribute(sc.GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens)
      span.setAttribute(sc.GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens)
      if (usage.cacheReadTokens !== undefined) {
        span.setAttribute(sc.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadTokens)
      }
      instruments.tokens.record(usage.inputTokens, {
        ...metricAttributes,
        [sc.GEN_AI_TOKEN_TYPE]: 'input',
      })
      instruments.tokens.record(usage.outputTokens, {
        ...metricAttributes,
        [sc.GEN_AI_TOKEN_TYPE]: 'output',
      })
      cost ??= explicitCost(value) ?? this.#cost(usage, responseModel ?? model)
    } else {
      cost ??= explicitCost(value)
    }
    if (cost !== undefined) span.setAttribute(sc.CANON_COST_USD, cost)
    if (this.#options.recordContent) {
      const text = extractText(value)
      if (text !== undefined) {
        span.setAttribute(sc.GEN_AI_OUTPUT_MESSAGES, JSON.stringify(asMessages(text, 'assistant')))
      }
    }
    span.end()
    instruments.duration.record(seconds, metricAttributes)

    const traced: Traced<Awaited<T>> = { value, traceId, spanId, durationMs: seconds * 1000 }
    if (usage) traced.usage = usage
    if (cost !== undefined) traced.costUsd = cost
    return traced
  }

  #cost(usage: TokenUsage, model: string | undefined): number | undefined {
    const option = this.#options.cost
    if (option === false || !model) return undefined
    if (option) return option(usage, model)
    const opts =
      usage.cacheReadTokens === undefined ? {} : { cacheReadTokens: usage.cacheReadTokens }
    return estimateCost(model, usage.inputTokens, usage.outputTokens, opts)
  }
}

/** A cost the traced function returned itself: `{ costUsd }` or `{ usage: { costUsd } }`. */
function explicitCost(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as { costUsd?: unknown; usage?: { costUsd?: unknown } }
  const cost = v.costUsd ?? v.usage?.costUsd
  return typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : undefined
}

/** Messages in the conventions' JSON shape: `[{ role, parts: [{ type: 'text', content }] }]`. */
function asMessages(input: string | ChatMessage[], role: string) {
  const list = typeof input === 'string' ? [{ role, content: input }] : input
  return list.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] }))
}

function errorTypeOf(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; status?: unknown; name?: unknown }
    if (typeof e.status === 'number') return String(e.status)
    if (typeof e.code === 'string') return e.code
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name
  }
  return '_OTHER'
}

/** A random id for results when no tracing SDK is installed (scores still need a key). */
function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes)
  crypto.getRandomValues(buf)
  let out = ''
  for (const b of buf) out += b.toString(16).padStart(2, '0')
  return out
}
