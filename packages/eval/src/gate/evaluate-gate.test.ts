import type { GateSpec } from '@canon/core'
import { isCanonError } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../stats/prng'
import { evaluateGate } from './evaluate-gate'
import type { CaseResult } from './types'

const gate: GateSpec = { min_pass_rate: 0.8, margin: 0.05, alpha: 0.05 }

/** Binary cases: `pattern[i]` is whether case i passes. */
function binary(
  pattern: readonly boolean[],
  tags: (i: number) => string[] = () => [],
): CaseResult[] {
  return pattern.map((pass, i) => ({ id: `case-${i}`, tags: tags(i), pass, score: pass ? 1 : 0 }))
}

/** Graded cases with the given scores; pass when score ≥ 0.7. */
function graded(scores: readonly number[]): CaseResult[] {
  return scores.map((score, i) => ({ id: `case-${i}`, tags: [], pass: score >= 0.7, score }))
}

function noisyScores(n: number, seed: number, shift = 0): { base: number[]; cand: number[] } {
  const rand = mulberry32(seed)
  const base: number[] = []
  const cand: number[] = []
  for (let i = 0; i < n; i++) {
    const level = 0.75 + 0.2 * rand()
    base.push(level)
    cand.push(Math.min(1, Math.max(0, level + shift + 0.04 * (rand() - 0.5))))
  }
  return { base, cand }
}

describe('evaluateGate without a baseline', () => {
  it('passes when the weighted pass rate meets the minimum', () => {
    const result = evaluateGate({ cases: binary([true, true, true, true, false]), gate })
    expect(result.outcome).toBe('pass')
    expect(result.passRate).toMatchObject({ weighted: 0.8, passed: 4, total: 5 })
    expect(result.passRate.wilson.low).toBeCloseTo(0.3755, 4)
    expect(result.reasons).toEqual([
      'weighted pass rate 80.0% (95% Wilson CI 37.6%…96.4%; 4 of 5 cases fully passed) meets the required 80.0%',
    ])
    expect(result.comparison).toBeUndefined()
  })

  it('fails when the weighted pass rate is below the minimum', () => {
    const result = evaluateGate({ cases: binary([true, true, false, false]), gate })
    expect(result.outcome).toBe('fail')
    expect(result.reasons[0]).toMatch(/^weighted pass rate 50\.0% .* is below the required 80\.0%$/)
  })

  it('weights partial passes: a case failing a light assertion counts partly', () => {
    const cases: CaseResult[] = [
      { id: 'a', tags: [], pass: true, score: 1, weightedPass: 1 },
      { id: 'b', tags: [], pass: false, score: 0.75, weightedPass: 0.75 },
    ]
    const result = evaluateGate({ cases, gate })
    expect(result.passRate.weighted).toBe(0.875)
    expect(result.passRate.passed).toBe(1)
    expect(result.outcome).toBe('pass')
  })

  it('fails on a critical failure even when the pass rate is high', () => {
    const pattern = Array.from({ length: 50 }, (_, i) => i !== 7)
    const result = evaluateGate({
      cases: binary(pattern, (i) => (i === 7 ? ['billing', 'critical'] : [])),
      gate,
    })
    expect(result.passRate.weighted).toBe(0.98)
    expect(result.outcome).toBe('fail')
    expect(result.criticalFailures).toEqual(['case-7'])
    expect(result.reasons[0]).toBe('critical case failed: `case-7`')
  })

  it('counts errored cases as failures, critical ones included', () => {
    const cases: CaseResult[] = [
      ...binary([true, true, true, true]),
      {
        id: 'outage',
        tags: ['critical'],
        pass: false,
        score: 0,
        error: 'provider returned HTTP 500',
      },
    ]
    const result = evaluateGate({ cases, gate })
    expect(result.outcome).toBe('fail')
    expect(result.errored).toEqual(['outage'])
    expect(result.criticalFailures).toEqual(['outage'])
    expect(result.passRate.weighted).toBe(0.8)
    expect(result.reasons).toContain(
      '1 case could not be evaluated and count as failures: `outage`',
    )
  })

  it('fails with no cases at all', () => {
    const result = evaluateGate({ cases: [], gate })
    expect(result.outcome).toBe('fail')
    expect(result.reasons).toEqual(['no cases were evaluated'])
    expect(result.passRate.wilson).toEqual({ estimate: 0, low: 0, high: 1 })
  })

  it('rejects an invalid gate with a clear error', () => {
    let thrown: unknown
    try {
      evaluateGate({ cases: [], gate: { min_pass_rate: 90, margin: 5, alpha: 0.05 } })
    } catch (err) {
      thrown = err
    }
    expect(isCanonError(thrown)).toBe(true)
    expect((thrown as Error).message).toBe(
      'invalid gate: `min_pass_rate` must be between 0 and 1; `margin` must be a fraction from 0 up to 1 (0.05 = 5 points)',
    )
  })
})

describe('evaluateGate with a baseline', () => {
  it('passes a candidate that is not worse by more than the margin', () => {
    const { base, cand } = noisyScores(40, 1, 0.01)
    const result = evaluateGate({ cases: graded(cand), baseline: graded(base), gate })
    expect(result.outcome).toBe('pass')
    const comparison = result.comparison!
    expect(comparison.verdict).toBe('pass')
    expect(comparison.n).toBe(40)
    expect(comparison.confidence).toBeCloseTo(0.9, 12)
    expect(comparison.scoreDelta.low).toBeGreaterThan(-0.05)
    expect(result.reasons[0]).toMatch(
      /^candidate is not worse than baseline by more than 5 points \(Δ = \+1\.\d, 90% CI [+−]?\d\.\d…\+\d\.\d, n = 40\)$/,
    )
  })

  it('fails a candidate whose whole interval is below −margin', () => {
    // Scores drop by 12 points; every case still passes its assertions, so McNemar sees nothing.
    const { base, cand } = noisyScores(40, 2, -0.12)
    const allPass = (scores: number[]) => graded(scores).map((c) => ({ ...c, pass: true }))
    const result = evaluateGate({ cases: allPass(cand), baseline: allPass(base), gate })
    expect(result.comparison).toMatchObject({ b: 0, c: 0, mcnemarP: 1 })
    expect(result.outcome).toBe('fail')
    expect(result.comparison?.scoreDelta.high).toBeLessThan(-0.05)
    expect(result.reasons[0]).toMatch(
      /^candidate is worse than baseline by more than 5 points \(Δ = −12\.\d/,
    )
  })

  it('fails when McNemar shows significantly more failures and the drop exceeds the margin', () => {
    // 40 pairs: baseline passes all; candidate fails 9 of them and fixes none.
    const baseline = binary(Array.from({ length: 40 }, () => true))
    const candidate = binary(Array.from({ length: 40 }, (_, i) => i >= 9))
    const result = evaluateGate({
      cases: candidate,
      baseline,
      gate: { ...gate, min_pass_rate: 0.7 },
    })
    const comparison = result.comparison!
    expect(comparison).toMatchObject({ n: 40, b: 9, c: 0, verdict: 'fail' })
    expect(comparison.mcnemarP).toBeCloseTo(2 / 512, 12)
    expect(comparison.passRateDelta).toBeCloseTo(-0.225, 12)
    expect(comparison.regressed).toHaveLength(9)
    expect(result.outcome).toBe('fail')
    expect(result.reasons[0]).toBe(
      'candidate is significantly worse than baseline: pass rate −22.5 points, beyond the 5-point margin; McNemar exact test: the candidate fails 9 cases the baseline passes and passes 0 it fails (p = 0.0039)',
    )
  })

  it('is inconclusive with few cases', () => {
    const baseline = graded([0.9, 0.8, 0.7, 0.9, 0.8, 0.9])
    const candidate = graded([0.8, 0.9, 0.7, 0.8, 0.9, 0.9])
    const result = evaluateGate({
      cases: candidate,
      baseline,
      gate: { ...gate, min_pass_rate: 0.5 },
    })
    expect(result.outcome).toBe('inconclusive')
    expect(result.reasons[0]).toMatch(
      /^not enough evidence to compare with baseline: only 6 paired cases .* at least 10 are needed$/,
    )
  })

  it('is inconclusive when the interval straddles −margin', () => {
    const rand = mulberry32(5)
    const base = Array.from({ length: 30 }, () => 0.5 + 0.5 * rand())
    const cand = base.map((s) => Math.min(1, Math.max(0, s - 0.05 + 0.3 * (rand() - 0.5))))
    const result = evaluateGate({
      cases: graded(cand),
      baseline: graded(base),
      gate: { ...gate, min_pass_rate: 0 },
    })
    const { low, high } = result.comparison!.scoreDelta
    expect(low).toBeLessThan(-0.05)
    expect(high).toBeGreaterThan(-0.05)
    expect(result.outcome).toBe('inconclusive')
    expect(result.reasons[0]).toMatch(
      /^not enough evidence either way: the interval on Δ straddles the −5-point margin/,
    )
  })

  it('is inconclusive when the candidate is significantly worse but within the margin', () => {
    // 1000 pairs: 30 regressions, 10 fixes. p is tiny, but the pass-rate drop is only 2 points.
    const baseline = binary(Array.from({ length: 1000 }, (_, i) => i >= 10))
    const candidate = binary(Array.from({ length: 1000 }, (_, i) => i < 10 || i >= 40))
    const result = evaluateGate({ cases: candidate, baseline, gate, iterations: 2000 })
    const comparison = result.comparison!
    expect(comparison).toMatchObject({ b: 30, c: 10 })
    expect(comparison.mcnemarP).toBeLessThan(0.01)
    expect(comparison.scoreDelta.low).toBeGreaterThan(-0.05)
    expect(result.outcome).toBe('inconclusive')
    expect(result.reasons[0]).toContain(
      'but the pass-rate drop (−2.0 points) is within the 5-point margin',
    )
  })

  it('pairs cases by id, leaving out unmatched and errored ones', () => {
    const { base, cand } = noisyScores(20, 3)
    const baseline = [...graded(base), { id: 'old-only', tags: [], pass: true, score: 1 }]
    const candidate: CaseResult[] = [
      ...graded(cand).reverse(),
      { id: 'new-only', tags: [], pass: true, score: 1 },
    ]
    candidate[0] = { ...candidate[0]!, error: 'timeout' }
    const result = evaluateGate({ cases: candidate, baseline, gate: { ...gate, min_pass_rate: 0 } })
    expect(result.comparison?.n).toBe(19)
    expect(result.comparison?.unpaired).toEqual({ candidateOnly: 1, baselineOnly: 1, errored: 1 })
    expect(result.reasons).toContain(
      '3 cases left out of the comparison (1 only in candidate, 1 only in baseline, 1 errored)',
    )
  })

  it('is inconclusive with no shared cases, and fails on the absolute gate regardless', () => {
    const result = evaluateGate({ cases: binary([true]), baseline: [], gate })
    expect(result.outcome).toBe('inconclusive')
    expect(result.reasons[0]).toBe('no cases in common with the baseline to compare')
    const failing = evaluateGate({ cases: binary([false]), baseline: binary([true]), gate })
    expect(failing.outcome).toBe('fail')
    expect(failing.reasons[0]).toMatch(/is below the required 80\.0%$/)
  })

  it('gives the same verdict and interval every run', () => {
    const { base, cand } = noisyScores(25, 9, -0.03)
    const input = { cases: graded(cand), baseline: graded(base), gate }
    expect(evaluateGate(input)).toEqual(evaluateGate(input))
  })

  it('rejects duplicate ids, which would make the pairing ambiguous', () => {
    const dup = [...binary([true]), ...binary([false])]
    expect(() => evaluateGate({ cases: dup, baseline: binary([true]), gate })).toThrow(
      'case `case-0` appears twice in the candidate results',
    )
  })
})
