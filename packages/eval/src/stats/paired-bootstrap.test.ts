import { describe, expect, it } from 'vitest'
import { pairedBootstrap } from './paired-bootstrap'
import { mulberry32 } from './prng'

describe('pairedBootstrap', () => {
  const baseline = [0.2, 0.5, 0.9, 0.4, 0.8, 0.6, 0.3, 0.7]
  const candidate = [0.3, 0.5, 1.0, 0.3, 0.9, 0.8, 0.3, 0.7]

  it('gives the same interval twice with the same seed, and a different one with another', () => {
    const first = pairedBootstrap(baseline, candidate, { seed: 7 })
    const second = pairedBootstrap(baseline, candidate, { seed: 7 })
    expect(second).toEqual(first)
    // Few resamples, so the percentiles depend visibly on the draws.
    const few = pairedBootstrap(baseline, candidate, { seed: 7, iterations: 50 })
    const other = pairedBootstrap(baseline, candidate, { seed: 8, iterations: 50 })
    expect(other.meanDiff).toBe(few.meanDiff)
    expect([other.low, other.high]).not.toEqual([few.low, few.high])
  })

  it('is reproducible without an explicit seed', () => {
    expect(pairedBootstrap(baseline, candidate)).toEqual(pairedBootstrap(baseline, candidate))
  })

  it('reports the observed mean difference (candidate − baseline) inside its interval', () => {
    const result = pairedBootstrap(baseline, candidate, { seed: 1 })
    expect(result.meanDiff).toBeCloseTo(0.05, 10)
    expect(result.low).toBeLessThanOrEqual(result.meanDiff)
    expect(result.high).toBeGreaterThanOrEqual(result.meanDiff)
  })

  it('covers the true mean difference in a simulated case', () => {
    // 200 cases; the candidate is truly 0.04 better on average, with per-case noise.
    const rand = mulberry32(2024)
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
    const base: number[] = []
    const cand: number[] = []
    for (let i = 0; i < 200; i++) {
      const difficulty = rand()
      base.push(difficulty + 0.1 * gauss())
      cand.push(difficulty + 0.04 + 0.1 * gauss())
    }
    const result = pairedBootstrap(base, cand, { seed: 3 })
    expect(result.low).toBeLessThan(0.04)
    expect(result.high).toBeGreaterThan(0.04)
    // Pairing cancels case difficulty: the interval is about ±2·0.14/√200 ≈ ±0.02 wide.
    expect(result.high - result.low).toBeLessThan(0.06)
    expect(result.low).toBeGreaterThan(0)
  })

  it('has ~95% coverage across repeated simulations', () => {
    const rand = mulberry32(99)
    let covered = 0
    const runs = 200
    for (let r = 0; r < runs; r++) {
      const base: number[] = []
      const cand: number[] = []
      for (let i = 0; i < 40; i++) {
        const pass = rand() < 0.7 ? 1 : 0
        base.push(pass)
        // Candidate flips 10% of outcomes at random: true mean difference is 0.1·(0.3 − 0.7) = −0.04.
        cand.push(rand() < 0.1 ? 1 - pass : pass)
      }
      const { low, high } = pairedBootstrap(base, cand, { seed: r, iterations: 2000 })
      if (low <= -0.04 && -0.04 <= high) covered++
    }
    expect(covered / runs).toBeGreaterThan(0.88)
  })

  it('narrows as confidence drops', () => {
    const wide = pairedBootstrap(baseline, candidate, { confidence: 0.99, seed: 5 })
    const narrow = pairedBootstrap(baseline, candidate, { confidence: 0.8, seed: 5 })
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low)
  })

  it('rejects unpaired or empty input', () => {
    expect(() => pairedBootstrap([1, 2], [1])).toThrow('pairs must line up')
    expect(() => pairedBootstrap([], [])).toThrow('at least one pair')
    expect(() => pairedBootstrap([1], [Number.NaN])).toThrow('not a finite number')
  })
})
