import { describe, expect, it } from 'vitest'
import { mulberry32 } from './prng'

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42)
    const b = mulberry32(42)
    const values = Array.from({ length: 1000 }, () => a())
    expect(Array.from({ length: 1000 }, () => b())).toEqual(values)
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true)
    expect(values[0]).toBe(0.6011037519201636)
  })

  it('is roughly uniform', () => {
    const rand = mulberry32(1)
    const buckets = new Array(10).fill(0)
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(rand() * 10)]++
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500)
  })
})
