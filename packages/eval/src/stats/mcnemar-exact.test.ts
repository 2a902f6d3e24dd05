import { describe, expect, it } from 'vitest'
import { mcnemarExact } from './mcnemar-exact'

/** Independent check: 2·Σ_{k ≤ min(b,c)} C(n, k) / 2^n with exact BigInt arithmetic. */
function exactP(b: number, c: number): number {
  const n = BigInt(b + c)
  if (n === 0n) return 1
  const k = BigInt(Math.min(b, c))
  let choose = 1n
  let tail = 0n
  for (let i = 0n; i <= k; i++) {
    tail += choose
    choose = (choose * (n - i)) / (i + 1n)
  }
  // Scale to keep 15 significant digits through the BigInt division.
  const scale = 10n ** 18n
  const p = Number((2n * tail * scale) / 2n ** n) / Number(scale)
  return Math.min(1, p)
}

describe('mcnemarExact', () => {
  it.each([
    [0, 5, 0.0625],
    [1, 9, 0.02148],
    [5, 5, 1],
    [10, 25, 0.0167],
  ])('(b, c) = (%i, %i) → p ≈ %f', (b, c, expected) => {
    const { pValue } = mcnemarExact(b, c)
    expect(pValue).toBeCloseTo(expected, 4)
    expect(pValue).toBeCloseTo(exactP(b, c), 12)
  })

  it('matches the exact BigInt sum to 12 digits (relative) for large discordant counts', () => {
    for (const [b, c] of [
      [1000, 1100],
      [480, 520],
      [2900, 3100],
    ] as const) {
      const { pValue } = mcnemarExact(b, c)
      const exact = exactP(b, c)
      expect(Math.abs(pValue - exact) / exact).toBeLessThan(1e-10)
    }
  })

  it('is symmetric in b and c', () => {
    expect(mcnemarExact(3, 12).pValue).toBe(mcnemarExact(12, 3).pValue)
  })

  it('gives p = 1 when there are no discordant pairs', () => {
    expect(mcnemarExact(0, 0)).toEqual({ pValue: 1 })
  })

  it('returns a finite p (underflowing to 0) for lopsided huge counts', () => {
    const { pValue } = mcnemarExact(0, 5000)
    expect(Number.isFinite(pValue)).toBe(true)
    expect(pValue).toBeLessThan(1e-300)
  })

  it('rejects counts that are not non-negative integers', () => {
    expect(() => mcnemarExact(-1, 3)).toThrow('b must be a non-negative integer')
    expect(() => mcnemarExact(1, 2.5)).toThrow('c must be a non-negative integer')
  })
})
