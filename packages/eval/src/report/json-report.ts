import type { EvalReport, PromptEvaluation } from '../runner/evaluation'
import { worstOutcome } from '../runner/evaluation'

/**
 * Wraps evaluations into the report every renderer takes.
 * @example const report = buildEvalReport(evaluations, startedAt, performance.now() - t0)
 */
export function buildEvalReport(
  evaluations: PromptEvaluation[],
  startedAt: Date,
  durationMs: number,
): EvalReport {
  return {
    schemaVersion: 1,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(durationMs),
    outcome: worstOutcome(evaluations.map((e) => e.gate.outcome)),
    casesPassed: evaluations.reduce((n, e) => n + e.run.totals.passed, 0),
    casesTotal: evaluations.reduce((n, e) => n + e.run.totals.cases, 0),
    evaluations,
  }
}

/**
 * The full report as JSON (every case, trial, output and assertion result).
 * @example await writeFile('eval.json', renderJsonReport(report))
 */
export function renderJsonReport(report: EvalReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
