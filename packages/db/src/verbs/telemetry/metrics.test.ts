import { isCanonError } from '@canon/core'
import { beforeAll, expect, it } from 'vitest'
import { describeDrivers, publishTestVersion, rejectionOf } from '../../testing'
import { abStats } from './ab-stats'
import { ingestExecutions } from './ingest-executions'
import { latencyBucket } from './latency-histogram'
import { metricsOverview } from './metrics-overview'
import { promptMetrics } from './prompt-metrics'
import { recordScores } from './record-scores'
import { execution } from './test-executions'

/** 10:00:00Z; v1 calls every 30 s from 10:00, v2 every 30 s from 10:00:15, for 50 minutes. */
const T0 = Date.parse('2026-02-12T10:00:00Z')
const range = { from: new Date(T0), to: new Date(T0 + 3_600_000) }

/** The true latencies, to check percentiles against. */
const v1Latencies = Array.from({ length: 100 }, (_, i) => 10 * (i + 1)) // 10..1000 ms
const v2Latencies = Array.from({ length: 50 }, (_, i) => 5 * (i + 1)) // 5..250 ms

function nearestRank(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number
}

/** Within the histogram's precision: the estimate is in the true value's bucket or a neighbour. */
function expectNear(estimate: number | null, exact: number): void {
  expect(estimate).not.toBeNull()
  expect(Math.abs(latencyBucket(estimate as number) - latencyBucket(exact))).toBeLessThanOrEqual(1)
}

describeDrivers('telemetry metrics', (t) => {
  beforeAll(async () => {
    await publishTestVersion(t.ctx(), 'KnownMetrics', 1)
    const v1 = v1Latencies.map((latencyMs, i) =>
      execution('KnownMetrics', T0 + i * 30_000, {
        latencyMs,
        costUsd: 0.002,
        inputTokens: 100,
        outputTokens: 50,
        isError: i % 10 === 0,
        errorType: i % 10 === 0 ? 'timeout' : null,
      }),
    )
    const v2 = v2Latencies.map((latencyMs, i) =>
      execution('KnownMetrics', T0 + 15_000 + i * 60_000, {
        promptVersion: 2,
        variant: 'v2',
        latencyMs,
        costUsd: 0.001,
        inputTokens: 80,
        outputTokens: 40,
        isError: i === 0,
        simulated: true,
      }),
    )
    // Another prompt, and calls outside the range, which must not count.
    const other = [execution('OtherPrompt', T0 + 60_000), execution('KnownMetrics', T0 - 60_000)]
    await ingestExecutions(t.db, [...v1.slice(0, 60), ...other])
    await ingestExecutions(t.db, [...v1.slice(60), ...v2])
    await recordScores(t.db, [
      ...v1.map((e, i) => ({ traceId: e.traceId, name: 'user_approval', value: i < 80 ? 1 : 0 })),
      ...v1.map((e, i) => ({ traceId: e.traceId, name: 'helpfulness', value: (i % 5) / 4 })),
      ...v2.map((e, i) => ({ traceId: e.traceId, name: 'user_approval', value: i < 45 ? 1 : 0 })),
    ])
  })

  it('sums every prompt over the range', async () => {
    const overview = await metricsOverview(t.db, range)
    expect(overview.from).toBe('2026-02-12T10:00:00.000Z')
    expect(overview.to).toBe('2026-02-12T11:00:00.000Z')
    expect(overview.simulated).toBe(true)
    expect(overview.prompts.map((p) => p.name)).toEqual(['KnownMetrics', 'OtherPrompt'])
    const known = overview.prompts[0]
    expect(known).toMatchObject({ calls: 150, errors: 11, lastCallAt: '2026-02-12T10:49:30.000Z' })
    expect(known?.errorRate).toBeCloseTo(11 / 150, 12)
    expect(known?.costUsd).toBeCloseTo(100 * 0.002 + 50 * 0.001, 12)
    const all = [...v1Latencies, ...v2Latencies]
    expectNear(known?.latencyP50Ms ?? null, nearestRank(all, 0.5))
    expectNear(known?.latencyP95Ms ?? null, nearestRank(all, 0.95))
  })

  it('reads the same totals over a range split into days, hours and minutes', async () => {
    const wide = await metricsOverview(t.db, {
      from: new Date(T0 - 2 * 86_400_000 + 7 * 60_000),
      to: new Date(T0 + 86_400_000 + 13 * 60_000),
    })
    expect(wide.prompts.find((p) => p.name === 'KnownMetrics')?.calls).toBe(151)
  })

  it('gives each version its calls, latency, tokens, cost, scores and feedback', async () => {
    const m = await promptMetrics(t.db, { name: 'knownmetrics', ...range, bucket: '5m' })
    expect(m).toMatchObject({ name: 'KnownMetrics', bucket: '5m', simulated: true })
    expect(m.groups.map((g) => [g.version, g.variant])).toEqual([
      [2, null],
      [1, null],
    ])
    const [v2, v1] = m.groups
    expect(v1).toMatchObject({
      calls: 100,
      errors: 10,
      errorRate: 0.1,
      inputTokens: 10_000,
      outputTokens: 5000,
      avgInputTokens: 100,
      avgOutputTokens: 50,
      feedback: { positive: 80, n: 100, approvalRate: 0.8 },
      scores: { helpfulness: { mean: 0.5, n: 100 } },
    })
    expect(v1?.costUsd).toBeCloseTo(0.2, 12)
    expect(v1?.costPerCallUsd).toBeCloseTo(0.002, 12)
    expectNear(v1?.latencyP50Ms ?? null, nearestRank(v1Latencies, 0.5))
    expectNear(v1?.latencyP95Ms ?? null, nearestRank(v1Latencies, 0.95))
    expect(v2).toMatchObject({
      calls: 50,
      errors: 1,
      errorRate: 0.02,
      avgInputTokens: 80,
      feedback: { positive: 45, n: 50, approvalRate: 0.9 },
      scores: {},
    })
    expect(v2?.costPerCallUsd).toBeCloseTo(0.001, 12)
    expectNear(v2?.latencyP95Ms ?? null, nearestRank(v2Latencies, 0.95))
  })

  it('gives a time series per bucket, version and variant', async () => {
    const m = await promptMetrics(t.db, {
      name: 'KnownMetrics',
      ...range,
      bucket: '5m',
      groupBy: 'variant',
    })
    expect(m.groups.map((g) => [g.version, g.variant])).toEqual([
      [2, 'v2'],
      [1, null],
    ])
    // 50 minutes of traffic: 10 five-minute buckets per version.
    expect(m.series).toHaveLength(20)
    const first = m.series.filter((p) => p.t === '2026-02-12T10:00:00.000Z')
    expect(first.map((p) => [p.version, p.variant, p.calls])).toEqual([
      [1, null, 10],
      [2, 'v2', 5],
    ])
    expect(first[0]).toMatchObject({ errors: 1, errorRate: 0.1, approvalRate: 1 })
    expect(first[0]?.qualityMean).toBeCloseTo(0.5, 12)
    expect(first[0]?.costUsd).toBeCloseTo(0.02, 12)
    expect(first[1]?.qualityMean).toBeNull()
    const total = m.series.reduce((n, p) => n + p.calls, 0)
    expect(total).toBe(150)
  })

  it('picks a bucket for the range and refuses too many points', async () => {
    expect((await promptMetrics(t.db, { name: 'KnownMetrics', ...range })).bucket).toBe('1m')
    const week = { from: new Date(T0 - 7 * 86_400_000), to: new Date(T0) }
    expect((await promptMetrics(t.db, { name: 'KnownMetrics', ...week })).bucket).toBe('1h')
    const error = await rejectionOf(
      promptMetrics(t.db, { name: 'KnownMetrics', ...week, bucket: '1m' }),
    )
    expect(isCanonError(error) && error.code).toBe('BAD_REQUEST')
    expect((error as Error).message).toMatch(/use a larger bucket/)
  })

  it('answers an unknown prompt with no groups', async () => {
    const m = await promptMetrics(t.db, { name: 'NeverCalled', ...range })
    expect(m).toMatchObject({ name: 'NeverCalled', simulated: false, groups: [], series: [] })
  })

  it('compares live variants as A/B arms, else versions', async () => {
    const ab = await abStats(t.db, { name: 'KnownMetrics', ...range })
    // Only v2's calls carry a variant: it is the one live arm.
    expect(ab.armsBy).toBe('variant')
    expect(ab.arms).toHaveLength(1)
    expect(ab.arms[0]).toMatchObject({
      variant: 'v2',
      version: 2,
      calls: 50,
      errors: 1,
      approval: { positives: 45, n: 50 },
      quality: { n: 0 },
    })
    expect(ab.arms[0]?.cost.sum).toBeCloseTo(0.05, 12)
    expect(ab.arms[0]?.cost.sumSq).toBeCloseTo(50 * 0.001 ** 2, 15)
    const other = await abStats(t.db, { name: 'OtherPrompt', ...range })
    expect(other.armsBy).toBe('version')
    expect(other.arms).toMatchObject([{ variant: null, version: 1, calls: 1 }])
  })
})
