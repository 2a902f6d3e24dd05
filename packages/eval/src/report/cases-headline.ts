/**
 * The first line of every report, as promptfoo users read one: how many cases passed, then the
 * weighted pass rate the gate's `min_pass_rate` applies to (the share of assertion weight that
 * passed, averaged over cases) with its Wilson interval.
 * @module
 */
import type { PromptEvaluation } from '../runner/evaluation'
import { pct } from './format'

export interface CasesHeadline {
  /** `8 of 12 cases passed`. */
  cases: string
  /** `weighted pass rate 72.9% (95% CI 44.8%–89.9%)`. */
  weighted: string
  /** `the gate needs 90.0%`. */
  gate: string
}

/**
 * @example casesHeadline(e) // { cases: '8 of 12 cases passed', weighted: 'weighted pass rate 72.9% (95% CI 44.8%–89.9%)', gate: 'the gate needs 90.0%' }
 */
export function casesHeadline(e: PromptEvaluation): CasesHeadline {
  const t = e.run.totals
  const w = t.passRate.wilson
  return {
    cases: `${t.passed} of ${t.cases} ${t.cases === 1 ? 'case' : 'cases'} passed`,
    weighted: `weighted pass rate ${pct(t.passRate.weighted)} (95% CI ${pct(w.low)}–${pct(w.high)})`,
    gate: `the gate needs ${pct(e.gateSpec.min_pass_rate)}`,
  }
}
