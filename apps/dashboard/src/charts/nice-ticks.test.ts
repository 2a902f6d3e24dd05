import { describe, expect, it } from 'vitest'
import { niceTicks } from './nice-ticks'

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(0.12, 0.87)).toEqual({ ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 })
    expect(niceTicks(0.000152, 0.000214).ticks).toEqual([
      0.00014, 0.00016, 0.00018, 0.0002, 0.00022,
    ])
  })

  it('keeps rates within 0..1 however wide their interval', () => {
    const { ticks } = niceTicks(-0.03, 1.04, 4, [0, 1])
    expect(ticks[0]).toBe(0)
    expect(ticks.at(-1)).toBe(1)
  })

  it('spans zero for intervals that cross it', () => {
    const { ticks } = niceTicks(-0.00657, 0.0123)
    expect(ticks[0]).toBeLessThanOrEqual(-0.00657)
    expect(ticks).toContain(0)
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(0.0123)
  })

  it('gives a single value an axis around it', () => {
    const { ticks } = niceTicks(0.5, 0.5)
    expect(ticks.length).toBeGreaterThanOrEqual(2)
    expect(ticks[0]).toBeLessThanOrEqual(0.5)
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(0.5)
  })
})
