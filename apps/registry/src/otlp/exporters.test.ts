/**
 * The real OpenTelemetry JS SDK (2.x) with the official OTLP/HTTP exporters (JSON and protobuf,
 * plain and gzip) exporting to a registry listening on a real port.
 */
import type { AddressInfo } from 'node:net'
import { createApiKey, metricsOverview, traceExecutions } from '@canon/db'
import { describeDrivers } from '@canon/db/testing'
import { serve } from '@hono/node-server'
import { type DiagLogger, DiagLogLevel, diag, SpanStatusCode } from '@opentelemetry/api'
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { createApp } from '../app'
import { silentLogger } from '../logger'
import { promptAttributes } from './test-spans'

const MODES = [
  ['json', 'none'],
  ['json', 'gzip'],
  ['protobuf', 'none'],
  ['protobuf', 'gzip'],
] as const

describeDrivers('OTLP exporters → POST /v1/traces', (t) => {
  let base = ''
  let key = ''
  let close: () => Promise<void> = async () => {}
  const warnings: string[] = []
  const errors: string[] = []
  /** `content-type; content-encoding` of every export received. */
  const received: string[] = []
  const logger: DiagLogger = {
    error: (...args) => errors.push(args.map(String).join(' ')),
    warn: (...args) => warnings.push(args.map(String).join(' ')),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  }

  beforeAll(async () => {
    key = (await createApiKey(t.db, { name: 'otel-exporter', scopes: ['telemetry'] })).key
    const app = createApp({ db: t.db, config: { bodyLimitBytes: 1 << 20 }, logger: silentLogger })
    await new Promise<void>((ready) => {
      const fetch = (req: Request, env: unknown) => {
        received.push(
          `${req.headers.get('content-type')}; ${req.headers.get('content-encoding') ?? 'none'}`,
        )
        return app.fetch(req, env)
      }
      const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        base = `http://127.0.0.1:${(info as AddressInfo).port}`
        ready()
      })
      close = () => new Promise((done) => server.close(() => done()))
    })
  })
  afterAll(() => close())
  beforeEach(() => {
    warnings.length = 0
    errors.length = 0
    received.length = 0
    diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true })
  })
  afterEach(() => diag.disable())

  it.each(MODES)(
    '%s exporter (compression %s): prompt spans arrive as executions',
    async (encoding, compression) => {
      const name = `otel_${encoding}_${compression}`
      const options = {
        url: `${base}/v1/traces`,
        headers: { authorization: `Bearer ${key}` },
        compression: compression as never,
      }
      const exporter = encoding === 'json' ? new JsonExporter(options) : new ProtoExporter(options)
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'support-app' }),
        spanProcessors: [
          new BatchSpanProcessor(exporter, { maxExportBatchSize: 50, scheduledDelayMillis: 20 }),
        ],
      })
      const tracer = provider.getTracer('support-app')
      const ids: { traceId: string; spanId: string; version: number }[] = []
      for (let i = 0; i < 120; i++) {
        const version = 1 + (i % 2)
        const span = tracer.startSpan(`chat gpt-4o-mini`, {
          attributes: promptAttributes(name, version, {
            'canon.prompt.variant': `v${version}`,
            'gen_ai.usage.input_tokens': 100 + i,
          }),
        })
        if (i % 10 === 0) {
          span.setAttribute('error.type', 'rate_limited')
          span.setStatus({ code: SpanStatusCode.ERROR })
        }
        span.end()
        ids.push({ ...span.spanContext(), version })
        // The app's other spans: not prompt executions.
        if (i % 4 === 0)
          tracer.startSpan('GET /tickets', { attributes: { 'http.route': '/tickets' } }).end()
      }
      await provider.forceFlush()
      await provider.shutdown()

      expect(errors).toEqual([])
      const contentType = encoding === 'json' ? 'application/json' : 'application/x-protobuf'
      expect(new Set(received)).toEqual(new Set([`${contentType}; ${compression}`]))
      const now = Date.now()
      const overview = await metricsOverview(t.db, {
        from: new Date(now - 600_000),
        to: new Date(now + 60_000),
      })
      expect(overview.prompts.find((p) => p.name === name)).toMatchObject({
        calls: 120,
        errors: 12,
      })

      const sample = ids[10] as (typeof ids)[0]
      const [stored] = await traceExecutions(t.db, sample.traceId)
      expect(stored).toMatchObject({
        spanId: sample.spanId,
        promptName: name,
        promptVersion: sample.version,
        variant: `v${sample.version}`,
        label: 'production',
        digest: 'sha256:0123abcd',
        model: 'gpt-4o-mini',
        provider: 'openai',
        inputTokens: 110,
        outputTokens: 200,
        isError: true,
        errorType: 'rate_limited',
      })
      expect(stored?.latencyMs).toBeGreaterThanOrEqual(0)
      expect(Math.abs(Date.parse(stored?.startedAt ?? '') - now)).toBeLessThan(60_000)

      // The exporter read our partial-success answers (it logs them): 30 HTTP spans rejected.
      const partial = warnings.filter((w) => w.includes('Partial Success'))
      const rejected = partial
        .map((w) => Number(/"rejectedSpans":"?(\d+)/.exec(w)?.[1] ?? 0))
        .reduce((a, b) => a + b, 0)
      expect(rejected).toBe(30)
      expect(partial[0]).toMatch(/without prompt identity/)
    },
  )

  it.each(['json', 'protobuf'] as const)(
    '%s exporter: a batch with bad spans keeps its good spans, the bad ones come back rejected',
    async (encoding) => {
      const name = `otel_partial_${encoding}`
      const options = { url: `${base}/v1/traces`, headers: { authorization: `Bearer ${key}` } }
      const exporter = encoding === 'json' ? new JsonExporter(options) : new ProtoExporter(options)
      const provider = new BasicTracerProvider({
        spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 100 })],
      })
      const tracer = provider.getTracer('support-app')
      const good: string[] = []
      const bad: Record<string, string | number>[] = [
        { 'canon.prompt.label': 'prod\u0000' },
        { 'gen_ai.completion': 'answer\u0000' },
        { 'canon.cost.usd': 1e300 },
        { 'gen_ai.usage.input_tokens': -5 },
      ]
      for (let i = 0; i < 10; i++) {
        const extra = bad[i % 5] ?? {}
        const span = tracer.startSpan('chat', { attributes: promptAttributes(name, 1, extra) })
        span.end()
        if (i % 5 === 4) good.push(span.spanContext().traceId)
      }
      // Implausible times: a span that ended in 1990.
      tracer
        .startSpan('chat', { attributes: promptAttributes(name, 1), startTime: 631152000000 })
        .end(631152000100)
      await provider.forceFlush()
      await provider.shutdown()

      expect(errors).toEqual([])
      for (const traceId of good) expect(await traceExecutions(t.db, traceId)).toHaveLength(1)
      const now = Date.now()
      const overview = await metricsOverview(t.db, {
        from: new Date(now - 600_000),
        to: new Date(now + 60_000),
      })
      expect(overview.prompts.find((p) => p.name === name)?.calls).toBe(2)
      const partial = warnings.filter((w) => w.includes('Partial Success'))
      expect(partial.join('\n')).toMatch(/"rejectedSpans":"?9/)
      expect(partial.join('\n')).toMatch(/contains a NUL character/)
    },
  )
})
