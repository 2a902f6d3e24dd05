/**
 * The cases a report should show: failures and errors, with the assertions that failed, the
 * expected-vs-actual diff, and whether the case passed on the baseline (a regression).
 * @module
 */
import { CRITICAL_TAG } from '../gate/evaluate-gate'
import type { PromptEvaluation } from '../runner/evaluation'
import type { CaseError, TrialRun } from '../runner/types'
import { type ExpectedActual, expectedVsActual } from './expected-vs-actual'

export interface FailedAssertion {
  /** `equals [accuracy]`. */
  label: string
  reason: string
}

export interface CaseFailure {
  id: string
  line: number
  tags: string[]
  critical: boolean
  /** The baseline passed this case; the candidate does not. */
  regressed: boolean
  /** Set when the case could not be evaluated: no verdict, not a failure of the prompt. */
  error?: CaseError
  failed: FailedAssertion[]
  /** The trial shown (the first that failed). */
  trial: number
  output?: string
  diff?: ExpectedActual
}

const NOT_GRADED = 'not graded:'

function labelOf(r: { type: string; metric?: string }): string {
  return r.metric === undefined ? r.type : `${r.type} [${r.metric}]`
}

function shownTrial(trials: readonly TrialRun[]): TrialRun | undefined {
  return trials.find((t) => t.error) ?? trials.find((t) => !t.pass) ?? trials[0]
}

/**
 * Failed and errored cases of an evaluation: critical failures first, then regressions, then
 * other failures in dataset order; errors last.
 */
export function caseFailures(evaluation: PromptEvaluation): CaseFailure[] {
  const regressed = new Set(evaluation.gate.comparison?.regressed ?? [])
  const failures: CaseFailure[] = []
  for (const c of evaluation.run.cases) {
    if (c.pass && !c.error) continue
    const trial = shownTrial(c.trials)
    const failure: CaseFailure = {
      id: c.id,
      line: c.line,
      tags: c.tags,
      critical: c.tags.includes(CRITICAL_TAG),
      regressed: regressed.has(c.id),
      failed: (trial?.assertions ?? [])
        .filter((r) => !r.skipped && !r.pass && r.weight > 0 && !r.reason.startsWith(NOT_GRADED))
        .map((r) => ({ label: labelOf(r), reason: r.reason })),
      trial: trial?.trial ?? 0,
    }
    if (c.error) failure.error = c.error
    if (trial?.output !== undefined) {
      failure.output = trial.output
      const diff = c.error ? undefined : expectedVsActual(c, trial.output)
      if (diff) failure.diff = diff
    }
    failures.push(failure)
  }
  const rank = (f: CaseFailure) => (f.error ? 3 : f.critical ? 0 : f.regressed ? 1 : 2)
  return failures
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f)
}
