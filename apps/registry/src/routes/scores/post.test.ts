import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import {
  createApiKey,
  type ExecutionInput,
  ingestExecutions,
  promptMetrics,
  traceExecutions,
} from '@canon/db'
import { createCanon } from '@canon/sdk'
import { serve } from '@hono/node-server'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { expect, it } from 'vitest'
import { describeRegistry, json, publish, type RegistryHarness } from '../../testing/harness'

const T0 = Date.parse('2026-03-12T12:00:00Z')
const RANGE = { from: new Date(T0 - 3_600_000), to: new Date(T0 + 3_600_000) }

function execution(name: string): ExecutionInput {
  return {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    promptName: name,
    promptVersion: 1,
    variant: null,
    label: null,
    digest: null,
    fallback: null,
    model: null,
    provider: null,
    startedAtMs: T0,
    latencyMs: 10,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    isError: false,
    errorType: null,
    simulated: false,
  }
}

async function feedbackOf(r: RegistryHarness, name: string) {
  const m = await promptMetrics(r.db, { name, ...RANGE, bucket: '1h' })
  return m.groups[0]
}

describeRegistry('POST /v1/scores', (r) => {
  it('records one score, booleans as 1 and 0', async () => {
    const e = execution('scores_route_one')
    await ingestExecutions(r.db, [e])
    const res = await r.request('POST', '/v1/scores', {
      as: 'telemetry',
      body: { traceId: e.traceId, name: 'user_approval', value: true, comment: 'spot on' },
    })
    expect(res.status).toBe(202)
    expect(await json(res)).toEqual({ accepted: 1, pending: 0 })
    expect((await feedbackOf(r, 'scores_route_one'))?.feedback).toEqual({
      positive: 1,
      n: 1,
      approvalRate: 1,
    })
  })

  it('records a batch, keeping scores of unseen traces pending', async () => {
    const e = execution('scores_route_batch')
    await ingestExecutions(r.db, [e])
    const later = execution('scores_route_batch')
    const res = await r.request('POST', '/v1/scores', {
      as: 'telemetry',
      body: {
        scores: [
          { traceId: e.traceId, spanId: e.spanId, name: 'helpfulness', value: 0.25 },
          { traceId: e.traceId, name: 'helpfulness', value: 0.75 },
          { traceId: later.traceId, name: 'helpfulness', value: 1 },
        ],
      },
    })
    expect(await json(res)).toEqual({ accepted: 3, pending: 1 })
    expect((await feedbackOf(r, 'scores_route_batch'))?.scores).toEqual({
      helpfulness: { mean: 0.5, n: 2 },
    })
    await ingestExecutions(r.db, [later])
    expect((await feedbackOf(r, 'scores_route_batch'))?.scores).toEqual({
      helpfulness: { mean: 2 / 3, n: 3 },
    })
  })

  it('refuses an invalid batch as a whole, naming every problem', async () => {
    const e = execution('scores_route_invalid')
    await ingestExecutions(r.db, [e])
    const res = await r.request('POST', '/v1/scores', {
      as: 'telemetry',
      body: {
        scores: [
          { traceId: e.traceId, name: 'user_approval', value: 1 },
          { traceId: 'abc', name: 'user_approval', value: 1 },
          { traceId: e.traceId, name: 'user_approval', value: 'great' },
        ],
      },
    })
    expect(res.status).toBe(422)
    const problem = await json(res)
    const paths = problem.errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['json.scores.1.traceId', 'json.scores.2.value']))
    expect((await feedbackOf(r, 'scores_route_invalid'))?.feedback.n).toBe(0)
    expect((await r.request('POST', '/v1/scores', { as: 'telemetry', body: '{' })).status).toBe(400)
    const text = await r.request('POST', '/v1/scores', {
      as: 'telemetry',
      body: 'user_approval=1',
      contentType: 'text/plain',
    })
    expect(text.status).toBe(415)
    const incomplete = await r.request('POST', '/v1/scores', {
      as: 'telemetry',
      body: { traceId: e.traceId, value: 1 },
    })
    expect(incomplete.status).toBe(422)
    expect((await json(incomplete)).detail).toBe('json.name: name is required')
  })

  it('needs the telemetry scope', async () => {
    const body = { traceId: randomBytes(16).toString('hex'), name: 'x', value: 1 }
    expect((await r.request('POST', '/v1/scores', { as: null, body })).status).toBe(401)
    expect((await r.request('POST', '/v1/scores', { as: 'read', body })).status).toBe(403)
  })

  it("links the SDK's prompt.trace span and canon.score feedback, end to end", async () => {
    await publish(r, 'SdkScored', 1, 'Summarize {{ who }}')
    expect(
      (await r.request('PUT', '/v1/prompts/SdkScored/labels/production', { body: { version: 1 } }))
        .status,
    ).toBe(200)
    const { key } = await createApiKey(r.db, { name: 'support-app', scopes: ['read', 'telemetry'] })
    const server = await new Promise<ReturnType<typeof serve>>((ready) => {
      const s = serve({ fetch: r.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(s))
    })
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const provider = new BasicTracerProvider({
      spanProcessors: [
        new SimpleSpanProcessor(
          new OTLPTraceExporter({
            url: `${baseUrl}/v1/traces`,
            headers: { authorization: `Bearer ${key}` },
          }),
        ),
      ],
    })
    try {
      const canon = createCanon({ baseUrl, apiKey: key, telemetry: { tracerProvider: provider } })
      const prompt = await canon.get('SdkScored')
      const reply = await prompt.trace(
        (scope) => {
          scope.setUsage({ inputTokens: 300, outputTokens: 40 })
          return 'a summary'
        },
        { model: 'gpt-4o-mini', provider: 'openai' },
      )
      // The score may reach the registry before the span does: it waits for it.
      await canon.score(reply.traceId, { name: 'user_approval', value: true })
      await provider.forceFlush()
      const [stored] = await traceExecutions(r.db, reply.traceId)
      expect(stored).toMatchObject({
        spanId: reply.spanId,
        promptName: 'SdkScored',
        promptVersion: 1,
        label: 'production',
        digest: prompt.digest,
        fallback: 'fresh',
        model: 'gpt-4o-mini',
        provider: 'openai',
        inputTokens: 300,
        outputTokens: 40,
      })
      expect(stored?.costUsd).toBeCloseTo(reply.costUsd as number, 15)
      const now = Date.now()
      const metrics = await promptMetrics(r.db, {
        name: 'SdkScored',
        from: new Date(now - 600_000),
        to: new Date(now + 60_000),
      })
      expect(metrics.groups[0]?.feedback).toEqual({ positive: 1, n: 1, approvalRate: 1 })
      await canon.close()
    } finally {
      await provider.shutdown()
      await new Promise((done) => server.close(done))
    }
  })
})
