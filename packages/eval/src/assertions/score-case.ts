import type { AssertionResult } from './types'

/** How one case did over all its assertions. */
export interface CaseScore {
  /** Every counted assertion passed and none errored. */
  pass: boolean
  /** Weighted mean of the counted assertions' scores, 0..1 (1 when nothing was counted). */
  score: number
  /** Share of counted assertion weight that passed, 0..1: this case's part of the weighted pass rate. */
  weightedPass: number
  /** Per `metric` name: weighted mean score of the assertions tagged with it (weight-0 ones included). */
  namedScores: Record<string, number>
  /** Assertions that counted: not skipped, weight > 0. */
  checked: number
  /** Messages of assertions that could not be evaluated. */
  errors: string[]
}

/**
 * Aggregates one case's assertion results. Skipped assertions are ignored; `weight: 0` ones are
 * recorded in `namedScores` but never fail the case. A counted assertion that errored fails it.
 * @example scoreCase([{ type: 'equals', pass: true, score: 1, weight: 3, reason: '' },
 *   { type: 'regex', pass: false, score: 0, weight: 1, reason: '' }])
 * // { pass: false, score: 0.75, weightedPass: 0.75, namedScores: {}, checked: 2, errors: [] }
 */
export function scoreCase(results: readonly AssertionResult[]): CaseScore {
  let weightSum = 0
  let scoreSum = 0
  let passedWeight = 0
  let pass = true
  let checked = 0
  const errors: string[] = []
  const metrics = new Map<
    string,
    { weighted: number; weight: number; plain: number; count: number }
  >()

  for (const r of results) {
    if (r.skipped) continue
    if (r.error !== undefined) errors.push(`${r.type}: ${r.error}`)
    if (r.metric !== undefined) {
      const m = metrics.get(r.metric) ?? { weighted: 0, weight: 0, plain: 0, count: 0 }
      m.weighted += r.weight * r.score
      m.weight += r.weight
      m.plain += r.score
      m.count++
      metrics.set(r.metric, m)
    }
    if (r.weight <= 0) continue
    checked++
    weightSum += r.weight
    scoreSum += r.weight * r.score
    if (r.pass && r.error === undefined) passedWeight += r.weight
    else pass = false
  }

  const namedScores: Record<string, number> = {}
  for (const [name, m] of metrics)
    namedScores[name] = m.weight > 0 ? m.weighted / m.weight : m.plain / m.count
  return {
    pass,
    score: weightSum > 0 ? scoreSum / weightSum : 1,
    weightedPass: weightSum > 0 ? passedWeight / weightSum : 1,
    namedScores,
    checked,
    errors,
  }
}

/**
 * Mean of each named metric over cases (a case without the metric does not count for it).
 * @example aggregateNamedScores([{ accuracy: 1 }, { accuracy: 0, format: 1 }]) // { accuracy: 0.5, format: 1 }
 */
export function aggregateNamedScores(
  perCase: ReadonlyArray<Readonly<Record<string, number>>>,
): Record<string, { mean: number; count: number }> {
  const sums = new Map<string, { sum: number; count: number }>()
  for (const scores of perCase) {
    for (const [name, value] of Object.entries(scores)) {
      const s = sums.get(name) ?? { sum: 0, count: 0 }
      s.sum += value
      s.count++
      sums.set(name, s)
    }
  }
  const out: Record<string, { mean: number; count: number }> = {}
  for (const [name, s] of sums) out[name] = { mean: s.sum / s.count, count: s.count }
  return out
}
