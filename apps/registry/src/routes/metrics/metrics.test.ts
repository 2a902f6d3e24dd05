import { randomBytes } from 'node:crypto'
import { type ExecutionInput, ingestExecutions, recordScores } from '@canon/db'
import { beforeAll, expect, it } from 'vitest'
import { describeRegistry, json, publish } from '../../testing/harness'

/** Traffic from 09:00Z for 45 minutes. */
const T0 = Date.parse('2026-03-10T09:00:00Z')
const RANGE = 'from=2026-03-10T09:00:00Z&to=2026-03-10T10:00:00Z'

function execution(name: string, i: number, overrides: Partial<ExecutionInput>): ExecutionInput {
  return {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    promptName: name,
    promptVersion: 1,
    variant: null,
    label: 'production',
    digest: null,
    fallback: 'fresh',
    model: 'gpt-4o-mini',
    provider: 'openai',
    startedAtMs: T0 + ((i * 3_000) % 3_000_000),
    latencyMs: 100 + (i % 50) * 10,
    inputTokens: 200,
    outputTokens: 50,
    costUsd: 0.002,
    isError: false,
    errorType: null,
    simulated: false,
    ...overrides,
  }
}

describeRegistry('metrics routes', (r) => {
  beforeAll(async () => {
    await publish(r, 'AbSummarize', 1)
    await publish(r, 'AbSummarize', 2)
    // A 90/10 rollout: v2 costs 25 % less per call; approval and quality are the same.
    const v1 = Array.from({ length: 900 }, (_, i) =>
      execution('AbSummarize', i, {
        variant: 'v1',
        costUsd: i % 2 ? 0.0021 : 0.0019,
        isError: i % 30 === 0,
      }),
    )
    const v2 = Array.from({ length: 100 }, (_, i) =>
      execution('AbSummarize', i * 9 + 1, {
        promptVersion: 2,
        variant: 'v2',
        costUsd: i % 2 ? 0.0016 : 0.0014,
        inputTokens: 150,
        isError: i % 30 === 0,
      }),
    )
    await ingestExecutions(r.db, v1)
    await ingestExecutions(r.db, v2)
    const score = (e: ExecutionInput, i: number) => [
      { traceId: e.traceId, name: 'user_approval', value: i % 5 === 0 ? 0 : 1 },
      { traceId: e.traceId, name: 'helpfulness', value: i % 2 ? 0.9 : 0.7 },
    ]
    await recordScores(r.db, [...v1.flatMap(score), ...v2.flatMap(score)])
  })

  it('gives the overview of every prompt', async () => {
    const res = await r.request('GET', `/v1/metrics/overview?${RANGE}`, { as: 'read' })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body).toMatchObject({
      from: '2026-03-10T09:00:00.000Z',
      to: '2026-03-10T10:00:00.000Z',
      simulated: false,
    })
    const [prompt] = body.prompts
    expect(prompt).toMatchObject({ name: 'AbSummarize', calls: 1000, errors: 34 })
    expect(prompt.errorRate).toBeCloseTo(0.034, 12)
    expect(prompt.costUsd).toBeCloseTo(900 * 0.002 + 100 * 0.0015, 10)
    expect(prompt.latencyP50Ms).toBeGreaterThan(300 / 1.1)
    expect(prompt.latencyP50Ms).toBeLessThan(350 * 1.1)
  })

  it("gives a prompt's metrics per variant, with a series", async () => {
    const res = await r.request(
      'GET',
      `/v1/metrics/prompts/absummarize?${RANGE}&bucket=5m&groupBy=variant`,
      { as: 'read' },
    )
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body).toMatchObject({ name: 'AbSummarize', bucket: '5m', simulated: false })
    expect(
      body.groups.map((g: { version: number; variant: string }) => [g.version, g.variant]),
    ).toEqual([
      [2, 'v2'],
      [1, 'v1'],
    ])
    const [v2, v1] = body.groups
    expect(v2).toMatchObject({
      calls: 100,
      errors: 4,
      inputTokens: 15_000,
      avgInputTokens: 150,
      feedback: { positive: 80, n: 100, approvalRate: 0.8 },
    })
    expect(v2.costPerCallUsd).toBeCloseTo(0.0015, 12)
    expect(v2.scores.helpfulness.mean).toBeCloseTo(0.8, 12)
    expect(v1.costPerCallUsd).toBeCloseTo(0.002, 12)
    // 45 minutes of traffic: 9 five-minute buckets per variant.
    expect(body.series.length).toBe(18)
    expect(body.series.reduce((n: number, p: { calls: number }) => n + p.calls, 0)).toBe(1000)
    expect(body.series[0]).toMatchObject({
      t: '2026-03-10T09:00:00.000Z',
      version: 1,
      variant: 'v1',
    })
  })

  it('compares the live variants with a plain verdict', async () => {
    const res = await r.request('GET', `/v1/metrics/prompts/AbSummarize/ab?${RANGE}`, {
      as: 'read',
    })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.verdict).toEqual({
      text: 'v2 is 25 % cheaper, quality not significantly different, n = 1 000',
      cheaper: { arm: 'v2', percent: 25, significant: true },
      quality: 'not significantly different',
      n: 1000,
    })
    expect(body.arms.map((a: { variant: string; calls: number }) => [a.variant, a.calls])).toEqual([
      ['v1', 900],
      ['v2', 100],
    ])
    const v2 = body.arms[1]
    expect(v2.costPerCallUsd.mean).toBeCloseTo(0.0015, 12)
    expect(v2.costPerCallUsd.low).toBeLessThan(0.0015)
    expect(v2.costPerCallUsd.high).toBeGreaterThan(0.0015)
    expect(v2.approval).toMatchObject({ rate: 0.8, n: 100 })
    expect(v2.approval.low).toBeLessThan(0.8)
    expect(v2.quality).toMatchObject({ n: 100 })
    expect(v2.errorRate.rate).toBeCloseTo(0.04, 12)
  })

  it('reads relative ranges and defaults to the last 24 hours', async () => {
    const res = await r.request('GET', '/v1/metrics/overview?from=7d&to=now', { as: 'read' })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(Date.parse(body.to) - Date.parse(body.from)).toBeGreaterThanOrEqual(7 * 86_400_000)
    const fallback = await json(await r.request('GET', '/v1/metrics/overview', { as: 'read' }))
    const span = Date.parse(fallback.to) - Date.parse(fallback.from)
    expect(span).toBeGreaterThanOrEqual(86_400_000)
    expect(span).toBeLessThanOrEqual(86_400_000 + 120_000)
  })

  it('answers problem+json to bad parameters', async () => {
    for (const [path, pattern] of [
      ['/v1/metrics/overview?from=yesterday', /from must be an ISO-8601 time/],
      [
        '/v1/metrics/overview?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
        /from must be before to/,
      ],
      ['/v1/metrics/prompts/AbSummarize?bucket=7m', /bucket/],
      ['/v1/metrics/prompts/AbSummarize?groupBy=model', /groupBy/],
      ['/v1/metrics/prompts/AbSummarize?from=30d&bucket=1m', /use a larger bucket/],
      ['/v1/metrics/prompts/bad%20name/ab', /prompt name/],
    ] as const) {
      const res = await r.request('GET', path, { as: 'read' })
      expect(res.status, path).toBe(400)
      expect(res.headers.get('content-type'), path).toBe('application/problem+json')
      expect((await json(res)).detail, path).toMatch(pattern)
    }
  })

  it('needs the read scope', async () => {
    expect((await r.request('GET', '/v1/metrics/overview', { as: null })).status).toBe(401)
    expect((await r.request('GET', '/v1/metrics/overview', { as: 'telemetry' })).status).toBe(403)
    expect(
      (await r.request('GET', '/v1/metrics/prompts/AbSummarize/ab', { as: 'admin' })).status,
    ).toBe(200)
  })

  it('lists the telemetry and metrics routes in /openapi.json', async () => {
    const doc = await json(await r.request('GET', '/openapi.json', { as: null }))
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/traces',
        '/v1/scores',
        '/v1/metrics/overview',
        '/v1/metrics/prompts/{name}',
        '/v1/metrics/prompts/{name}/ab',
      ]),
    )
    expect(Object.keys(doc.paths['/v1/traces'].post.requestBody.content)).toEqual([
      'application/json',
      'application/x-protobuf',
    ])
  })
})
