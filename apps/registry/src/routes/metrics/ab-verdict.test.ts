import type { AbArmStats, AbStats } from '@canon/db'
import { normalQuantile, wilsonInterval } from '@canon/eval'
import { describe, expect, it } from 'vitest'
import { compareArms, formatCount, loadStatsTools } from './ab-verdict'

const tools = { wilsonInterval, normalQuantile }

/** An arm whose per-call costs alternate `cost ± spread` and quality alternates `q ± 0.1`. */
function arm(
  variant: string | null,
  version: number,
  calls: number,
  options: {
    cost?: number
    spread?: number
    approved?: number
    quality?: number
    errors?: number
  } = {},
): AbArmStats {
  const { cost = 0.002, spread = 0.0001, approved, quality, errors = 0 } = options
  const costs = Array.from({ length: calls }, (_, i) => cost + (i % 2 ? spread : -spread))
  const scores =
    quality === undefined
      ? []
      : Array.from({ length: calls }, (_, i) => quality + (i % 2 ? 0.1 : -0.1))
  return {
    variant,
    version,
    calls,
    errors,
    latencyP50Ms: 500,
    latencyP95Ms: 900,
    cost: {
      n: calls,
      sum: costs.reduce((a, b) => a + b, 0),
      sumSq: costs.reduce((a, b) => a + b * b, 0),
    },
    approval: approved === undefined ? { positives: 0, n: 0 } : { positives: approved, n: calls },
    quality: {
      n: scores.length,
      sum: scores.reduce((a, b) => a + b, 0),
      sumSq: scores.reduce((a, b) => a + b * b, 0),
    },
  }
}

function stats(...arms: AbArmStats[]): AbStats {
  return {
    name: 'summarize',
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-03-02T00:00:00.000Z',
    simulated: false,
    armsBy: 'variant',
    arms,
  }
}

describe('A/B verdict', () => {
  it('says how much cheaper the challenger is when quality is the same', () => {
    const { verdict } = compareArms(
      stats(
        arm('v1', 1, 3780, { cost: 0.002, quality: 0.8, approved: 3024 }),
        arm('v2', 2, 430, { cost: 0.00154, quality: 0.8, approved: 344 }),
      ),
      tools,
    )
    expect(verdict).toEqual({
      text: 'v2 is 23 % cheaper, quality not significantly different, n = 4 210',
      cheaper: { arm: 'v2', percent: 23, significant: true },
      quality: 'not significantly different',
      n: 4210,
    })
  })

  it('says when the challenger costs more, and when quality differs', () => {
    const worse = compareArms(
      stats(
        arm('control', 1, 500, { cost: 0.001, quality: 0.9 }),
        arm('treatment', 2, 500, { cost: 0.0015, quality: 0.6 }),
      ),
      tools,
    ).verdict
    expect(worse.text).toBe('treatment is 50 % more expensive, quality worse, n = 1 000')
    expect(worse.cheaper).toEqual({ arm: 'control', percent: 33, significant: true })

    const better = compareArms(
      stats(arm('v1', 1, 200, { approved: 100 }), arm('v2', 2, 200, { approved: 160 })),
      tools,
    ).verdict
    expect(better.quality).toBe('better')
    expect(better.text).toBe('v2 costs about the same, quality better, n = 400')
  })

  it('calls a small cost difference not significant', () => {
    const { verdict } = compareArms(
      stats(
        arm('v1', 1, 30, { cost: 0.002, spread: 0.001 }),
        arm('v2', 2, 30, { cost: 0.0019, spread: 0.001 }),
      ),
      tools,
    )
    expect(verdict.cheaper).toEqual({ arm: 'v2', percent: 5, significant: false })
    expect(verdict.text).toBe(
      'v2 is 5 % cheaper (not significant), not enough quality data yet, n = 60',
    )
    expect(verdict.quality).toBe('insufficient data')
  })

  it('has nothing to compare with fewer than two arms', () => {
    expect(compareArms(stats(), tools).verdict).toEqual({
      text: 'no traffic in this range',
      quality: 'insufficient data',
      n: 0,
    })
    expect(compareArms(stats(arm(null, 3, 1234)), tools).verdict.text).toBe(
      'only v3 served traffic in this range (n = 1 234): nothing to compare',
    )
  })

  it('gives each arm Wilson intervals for rates and normal intervals for means', async () => {
    const { arms } = compareArms(
      stats(arm('v1', 1, 100, { cost: 0.002, approved: 80, errors: 5, quality: 0.5 })),
      await loadStatsTools(),
    )
    const [a] = arms
    const errors = wilsonInterval(5, 100)
    const approval = wilsonInterval(80, 100)
    expect(a?.errorRate).toEqual({ rate: 0.05, low: errors.low, high: errors.high })
    expect(a?.approval).toEqual({ rate: 0.8, low: approval.low, high: approval.high, n: 100 })
    // Costs alternate 0.0019 / 0.0021: sd = 0.0001 · sqrt(100/99).
    const half = (1.959963984540054 * 0.0001 * Math.sqrt(100 / 99)) / 10
    expect(a?.costPerCallUsd.mean).toBeCloseTo(0.002, 15)
    expect(a?.costPerCallUsd.low).toBeCloseTo(0.002 - half, 12)
    expect(a?.costPerCallUsd.high).toBeCloseTo(0.002 + half, 12)
    expect(a?.quality?.mean).toBeCloseTo(0.5, 12)
    expect(a?.quality?.n).toBe(100)
  })

  it('leaves intervals empty without data', () => {
    const empty = arm('v1', 1, 10)
    empty.cost = { n: 0, sum: 0, sumSq: 0 }
    const [a] = compareArms(stats(empty), tools).arms
    expect(a?.costPerCallUsd).toEqual({ mean: null, low: null, high: null })
    expect(a?.approval).toBeNull()
    expect(a?.quality).toBeNull()
  })

  it('groups thousands with spaces', () => {
    expect([0, 999, 1000, 4210, 1_234_567].map(formatCount)).toEqual([
      '0',
      '999',
      '1 000',
      '4 210',
      '1 234 567',
    ])
  })
})
