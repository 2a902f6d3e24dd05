/**
 * Exact McNemar test on paired pass/fail outcomes.
 * @module
 */

/** Natural log of sum(exp(values)), without overflow. */
function logSumExp(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY
  for (const v of values) if (v > max) max = v
  if (max === Number.NEGATIVE_INFINITY) return max
  let sum = 0
  for (const v of values) sum += Math.exp(v - max)
  return max + Math.log(sum)
}

/**
 * Two-sided exact McNemar test: only the discordant pairs carry information. Under "no
 * difference", each discordant pair is equally likely to go either way, so
 * p = min(1, 2·P(X ≤ min(b, c))) with X ~ Binomial(b + c, ½). Computed in log space, so
 * b + c in the tens of thousands is fine.
 * @param b pairs the baseline passed and the candidate failed
 * @param c pairs the baseline failed and the candidate passed
 * @example mcnemarExact(1, 9) // { pValue: 0.021484375 }
 */
export function mcnemarExact(b: number, c: number): { pValue: number } {
  for (const [name, v] of [
    ['b', b],
    ['c', c],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`mcnemarExact: ${name} must be a non-negative integer, got ${v}`)
    }
  }
  const n = b + c
  if (n === 0) return { pValue: 1 }
  const k = Math.min(b, c)
  // log C(n, i) built up term by term: C(n, i+1) = C(n, i)·(n−i)/(i+1).
  const terms: number[] = []
  let logChoose = 0
  for (let i = 0; i <= k; i++) {
    terms.push(logChoose)
    logChoose += Math.log(n - i) - Math.log(i + 1)
  }
  const logTail = logSumExp(terms) - n * Math.LN2
  return { pValue: Math.min(1, 2 * Math.exp(logTail)) }
}
