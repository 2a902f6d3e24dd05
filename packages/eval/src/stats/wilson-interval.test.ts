import { describe, expect, it } from 'vitest'
import { wilsonInterval } from './wilson-interval'

describe('wilsonInterval', () => {
  it.each([
    // Values from the brief, and Newcombe (1998), "Two-sided confidence intervals for the single
    // proportion", Stat Med 17:857, Table I, method 3 (Wilson score without continuity correction).
    [8, 10, 0.4902, 0.9433],
    [0, 10, 0, 0.2775],
    [50, 100, 0.4038, 0.5962],
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i at 95%% → [%f, %f]', (successes, n, low, high) => {
    const interval = wilsonInterval(successes, n)
    expect(interval.estimate).toBeCloseTo(successes / n, 10)
    expect(interval.low).toBeCloseTo(low, 4)
    expect(interval.high).toBeCloseTo(high, 4)
  })

  it('is exactly 0 and 1 at the edges and never leaves [0, 1]', () => {
    expect(wilsonInterval(0, 3).low).toBe(0)
    expect(wilsonInterval(3, 3).high).toBe(1)
    expect(wilsonInterval(3, 3).low).toBeCloseTo(0.4385, 4)
  })

  it('narrows with lower confidence and with more cases', () => {
    const wide = wilsonInterval(8, 10, 0.99)
    const narrow = wilsonInterval(8, 10, 0.8)
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low)
    const big = wilsonInterval(800, 1000)
    expect(big.high - big.low).toBeLessThan(0.06)
  })

  it('reports no information for n = 0', () => {
    expect(wilsonInterval(0, 0)).toEqual({ estimate: 0, low: 0, high: 1 })
  })

  it('accepts fractional (weighted) successes', () => {
    const interval = wilsonInterval(7.5, 10)
    expect(interval.estimate).toBe(0.75)
    expect(interval.low).toBeGreaterThan(wilsonInterval(7, 10).low)
    expect(interval.low).toBeLessThan(wilsonInterval(8, 10).low)
  })

  it('rejects impossible input with a clear message', () => {
    expect(() => wilsonInterval(11, 10)).toThrow('successes must be in [0, n], got 11 of 10')
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError)
    expect(() => wilsonInterval(1, 10, 1.5)).toThrow('confidence must be in (0, 1)')
  })
})
