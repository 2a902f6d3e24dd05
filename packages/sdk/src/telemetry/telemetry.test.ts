import { CanonError } from '@canon/core'
import {
  AggregationTemporality,
  type CollectionResult,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type InProcessRegistry, startInProcessRegistry } from '../../test/registry-fixture'
import { createCanon, type TelemetryOptions } from '../index'

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE })
  }
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

let registry: InProcessRegistry
const exporter = new InMemorySpanExporter()
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
})
let reader: TestReader
let meterProvider: MeterProvider

beforeAll(async () => {
  registry = await startInProcessRegistry()
})
afterAll(() => registry.close())
beforeEach(() => {
  exporter.reset()
  reader = new TestReader()
  meterProvider = new MeterProvider({ readers: [reader] })
})

function canon(telemetry: TelemetryOptions = {}) {
  return createCanon({
    baseUrl: 'http://registry.test',
    apiKey: registry.readKey,
    fetch: registry.fetch,
    telemetry: { tracerProvider, meterProvider, ...telemetry },
  })
}

const OPENAI_REPLY = {
  id: 'chatcmpl-123',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ finish_reason: 'stop', message: { role: 'assistant', content: 'billing' } }],
  usage: { prompt_tokens: 1200, completion_tokens: 2 },
}

function onlySpan(): ReadableSpan {
  const spans = exporter.getFinishedSpans()
  expect(spans).toHaveLength(1)
  return spans[0] as ReadableSpan
}

async function histograms() {
  const { resourceMetrics }: CollectionResult = await reader.collect()
  const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)
  return Object.fromEntries(all.map((m) => [m.descriptor.name, m]))
}

describe('prompt.trace', () => {
  it('records a GenAI span with the prompt identity, usage and cost, and returns the trace id', async () => {
    const prompt = await canon().get('ClassifyTicketIntent')
    const text = prompt.render({ ticket_subject: 'Refund', ticket_text: 'Charged twice' })
    const reply = await prompt.trace(async () => OPENAI_REPLY, { input: text })
    expect(reply.value).toBe(OPENAI_REPLY)
    expect(reply.usage).toEqual({ inputTokens: 1200, outputTokens: 2 })
    expect(reply.costUsd).toBeCloseTo((1200 * 0.15 + 2 * 0.6) / 1e6, 12)

    const span = onlySpan()
    expect(span.name).toBe('chat gpt-4o-mini')
    expect(span.spanContext().traceId).toBe(reply.traceId)
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0,
      'gen_ai.request.max_tokens': 5,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'chatcmpl-123',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 2,
      'gen_ai.prompt.name': 'ClassifyTicketIntent',
      'canon.prompt.name': 'ClassifyTicketIntent',
      'canon.prompt.version': 1,
      'canon.prompt.label': 'production',
      'canon.prompt.digest': prompt.digest,
      'canon.prompt.fallback': 'fresh',
      'canon.cost.usd': reply.costUsd,
    })
    // Content is sensitive: never on the span unless the app opts in.
    const keys = Object.keys(span.attributes)
    expect(keys).not.toContain('gen_ai.input.messages')
    expect(keys).not.toContain('gen_ai.output.messages')
    expect(JSON.stringify(span.attributes)).not.toContain('Charged twice')
  })

  it('records message content only when recordContent is on', async () => {
    const prompt = await canon({ recordContent: true }).get('ClassifyTicketIntent')
    const text = prompt.render({ ticket_subject: 'Refund', ticket_text: 'Charged twice' })
    await prompt.trace(() => OPENAI_REPLY, { input: text })
    const attrs = onlySpan().attributes
    expect(JSON.parse(String(attrs['gen_ai.input.messages']))[0].parts[0].content).toContain(
      'Charged twice',
    )
    expect(JSON.parse(String(attrs['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'billing' }] },
    ])
  })

  it('records both GenAI histograms with operation, provider and model', async () => {
    const prompt = await canon().get('SummarizeSupportTicket')
    await prompt.trace(
      async () => ({
        // Anthropic's shape, with cache reads counted as input.
        model: 'claude-3-5-haiku-20241022',
        stop_reason: 'end_turn',
        content: [{ type: 'text', text: '{}' }],
        usage: { input_tokens: 100, output_tokens: 40, cache_read_input_tokens: 900 },
      }),
      { provider: 'anthropic', model: 'claude-3-5-haiku-20241022', operation: 'chat' },
    )
    const span = onlySpan()
    expect(span.name).toBe('chat claude-3-5-haiku-20241022')
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.cache_read.input_tokens': 900,
    })
    // The prompt's temperature is not the request's when another model is called.
    expect(span.attributes['gen_ai.request.temperature']).toBeUndefined()

    const metrics = await histograms()
    const duration = metrics['gen_ai.client.operation.duration']
    expect(duration?.descriptor.unit).toBe('s')
    expect(duration?.dataPoints[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-3-5-haiku-20241022',
      'canon.prompt.name': 'SummarizeSupportTicket',
      'canon.prompt.version': 1,
    })
    const tokens = metrics['gen_ai.client.token.usage']
    expect(tokens?.descriptor.unit).toBe('{token}')
    const byType = Object.fromEntries(
      (tokens?.dataPoints ?? []).map((p) => [
        p.attributes['gen_ai.token.type'],
        (p.value as { sum: number }).sum,
      ]),
    )
    expect(byType).toEqual({ input: 1000, output: 40 })
  })

  it('takes usage and cost reported by the traced function', async () => {
    const prompt = await canon({ cost: (u) => u.outputTokens * 0.001 }).get('ClassifyTicketIntent')
    const reply = await prompt.trace((scope) => {
      scope.setUsage({ inputTokens: 10, outputTokens: 5 })
      return 'billing'
    })
    expect(reply.costUsd).toBeCloseTo(0.005)
    expect(onlySpan().attributes['canon.cost.usd']).toBeCloseTo(0.005)
    const own = await prompt.trace(() => ({
      text: 'x',
      usage: { inputTokens: 3, outputTokens: 4, costUsd: 0.5 },
    }))
    expect(own).toMatchObject({ usage: { inputTokens: 3, outputTokens: 4 }, costUsd: 0.5 })
  })

  it('marks failures with error.type, records the duration, and rethrows', async () => {
    const prompt = await canon().get('ClassifyTicketIntent')
    const err = Object.assign(new Error('rate limited'), { status: 429 })
    await expect(prompt.trace(() => Promise.reject(err))).rejects.toBe(err)
    const span = onlySpan()
    expect(span.status).toMatchObject({ code: 2, message: 'rate limited' })
    expect(span.attributes['error.type']).toBe('429')
    expect(span.events.map((e) => e.name)).toContain('exception')
    const metrics = await histograms()
    expect(
      metrics['gen_ai.client.operation.duration']?.dataPoints[0]?.attributes['error.type'],
    ).toBe('429')
  })

  it('shows a snapshot-served prompt as such, and gives a usable trace id without an OTel SDK', async () => {
    const snapshot = await (
      await registry.app.request('/v1/snapshot?label=production', {
        headers: { authorization: `Bearer ${registry.readKey}` },
      })
    ).json()
    const offline = createCanon({
      baseUrl: 'http://registry.test',
      fetch: (async () => {
        throw new CanonError('UNAVAILABLE', 'down')
      }) as unknown as typeof fetch,
      fallback: snapshot as never,
      onError: () => {},
      telemetry: { tracerProvider, meterProvider },
    })
    await (await offline.get('ClassifyTicketIntent')).trace(() => 'billing')
    expect(onlySpan().attributes['canon.prompt.fallback']).toBe('snapshot')

    const untraced = createCanon({
      baseUrl: 'http://registry.test',
      apiKey: registry.readKey,
      fetch: registry.fetch,
    })
    const reply = await (await untraced.get('ClassifyTicketIntent')).trace(() => 'billing')
    expect(reply.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(reply.traceId).not.toBe('0'.repeat(32))
  })
})
