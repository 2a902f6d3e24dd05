/**
 * Seeded pseudo-random numbers, so bootstrap intervals are reproducible run to run.
 * @module
 */

/** A PRNG: each call returns a float in [0, 1). */
export type Random = () => number

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state generator that passes
 * gjrand/PractRand to 2^32 outputs, plenty for 10k bootstrap resamples.
 * @example const rand = mulberry32(42); rand() // 0.6011037519201636
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
