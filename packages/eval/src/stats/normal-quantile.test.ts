import { describe, expect, it } from 'vitest'
import { normalQuantile } from './normal-quantile'

describe('normalQuantile', () => {
  // Reference values: Python's statistics.NormalDist().inv_cdf (also AS 241) and standard tables.
  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.95, 1.6448536269514722],
    [0.05, -1.6448536269514726],
    [0.001, -3.090232306167813],
    [0.3, -0.5244005127080407],
    [1e-10, -6.361340902404056],
    [1e-300, -37.0470962993612],
  ])('Φ⁻¹(%f) = %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 12)
  })

  it('is infinite at 0 and 1 and rejects p outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY)
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY)
    expect(() => normalQuantile(1.2)).toThrow('p must be in [0, 1]')
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError)
  })
})
