import type { GateSpec } from '@canon/core'
import { CanonError } from '@canon/core'
import { wilsonInterval } from '../stats/wilson-interval'
import { type CompareOptions, compareBaseline } from './compare-baseline'
import { idList, percent, plural } from './format'
import type { CaseResult, GateResult } from './types'

/** The tag that makes a single failure fail the gate. */
export const CRITICAL_TAG = 'critical'

export interface GateInput extends CompareOptions {
  cases: readonly CaseResult[]
  gate: GateSpec
  /** Results of the version the baseline label points at, on the same dataset. */
  baseline?: readonly CaseResult[]
}

function checkGateSpec(gate: GateSpec): void {
  const problems: string[] = []
  if (!(gate.min_pass_rate >= 0 && gate.min_pass_rate <= 1))
    problems.push('`min_pass_rate` must be between 0 and 1')
  if (!(gate.margin >= 0 && gate.margin < 1))
    problems.push('`margin` must be a fraction from 0 up to 1 (0.05 = 5 points)')
  if (!(gate.alpha > 0 && gate.alpha < 0.5))
    problems.push('`alpha` must be between 0 and 0.5 (e.g. 0.05)')
  if (problems.length > 0) {
    throw new CanonError('VALIDATION_FAILED', `invalid gate: ${problems.join('; ')}`, {
      details: { gate },
    })
  }
}

/**
 * Decides whether a candidate may ship. FAIL when the weighted pass rate is below
 * `gate.min_pass_rate` or any `critical` case fails (errored cases count as failures); with a
 * baseline, the candidate must also be non-inferior on the shared cases (`compareBaseline`),
 * and an undecided comparison makes the outcome INCONCLUSIVE.
 * @example
 * const result = evaluateGate({ cases, gate: { min_pass_rate: 0.9, margin: 0.05, alpha: 0.05 }, baseline })
 * if (result.outcome !== 'pass') result.reasons.forEach((r) => console.error(r))
 */
export function evaluateGate(input: GateInput): GateResult {
  const { cases, gate, baseline } = input
  checkGateSpec(gate)

  const total = cases.length
  let weightedSum = 0
  let passed = 0
  const errored: string[] = []
  const criticalFailures: string[] = []
  for (const c of cases) {
    const failedCase = c.error !== undefined || !c.pass
    if (c.error !== undefined) errored.push(c.id)
    else {
      weightedSum += Math.min(1, Math.max(0, c.weightedPass ?? (c.pass ? 1 : 0)))
      if (c.pass) passed++
    }
    if (failedCase && c.tags.includes(CRITICAL_TAG)) criticalFailures.push(c.id)
  }
  const weighted = total > 0 ? weightedSum / total : 0
  const wilson = wilsonInterval(weightedSum, total)

  const failures: string[] = []
  const notes: string[] = []
  const rateText = `weighted pass rate ${percent(weighted)} (95% Wilson CI ${percent(wilson.low)}…${percent(wilson.high)}; ${passed} of ${plural(total, 'case')} fully passed)`
  if (total === 0) {
    failures.push('no cases were evaluated')
  } else if (weighted < gate.min_pass_rate) {
    failures.push(`${rateText} is below the required ${percent(gate.min_pass_rate)}`)
  } else {
    notes.push(`${rateText} meets the required ${percent(gate.min_pass_rate)}`)
  }
  if (criticalFailures.length > 0) {
    const subject =
      criticalFailures.length === 1 ? 'critical case' : `${criticalFailures.length} critical cases`
    failures.push(`${subject} failed: ${idList(criticalFailures)}`)
  }
  if (errored.length > 0) {
    notes.push(
      `${plural(errored.length, 'case')} could not be evaluated and count as failures: ${idList(errored)}`,
    )
  }

  let outcome: GateResult['outcome'] = failures.length > 0 ? 'fail' : 'pass'
  const result: GateResult = {
    outcome,
    reasons: [],
    passRate: { weighted, wilson, passed, total },
    criticalFailures,
    errored,
  }
  const comparisonReasons: string[] = []
  if (baseline) {
    const { comparison, reasons } = compareBaseline(cases, baseline, gate, input)
    result.comparison = comparison
    comparisonReasons.push(...reasons)
    if (comparison.verdict === 'fail') outcome = 'fail'
    else if (comparison.verdict === 'inconclusive' && outcome === 'pass') outcome = 'inconclusive'
  }
  result.outcome = outcome
  // Reasons that decide the outcome come first: absolute failures, then the comparison.
  result.reasons = [...failures, ...comparisonReasons, ...notes]
  return result
}
