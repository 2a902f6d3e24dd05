/**
 * One prompt evaluated and gated (with its baseline, when there is one), and a report over many.
 * These are what `canon eval` prints and `--report json` writes.
 * @module
 */
import type { GateSpec } from '@canon/core'
import type { CaseResult, GateOutcome, GateResult } from '../gate/types'
import type { EvalSummary } from '../summary/types'
import type { EvalRun } from './types'

/** What the candidate was compared with. */
export type BaselineReport =
  /** `--baseline <label>`: the labelled version, run now on the same cases. */
  | { kind: 'version'; label: string; version: number; digest: string; run: EvalRun }
  /** `--against <label>`: the summary stored when the version was published. */
  | {
      kind: 'summary'
      label: string
      version: number
      summary: EvalSummary
      /** The dataset's text changed since publishing; only shared case ids were paired. */
      datasetChanged: boolean
      /** The model under test differs from the one the summary measured. */
      modelChanged?: { from: string; to: string }
    }
  /** The label points nowhere yet (a new prompt): only the absolute gate applied. */
  | { kind: 'missing'; label: string; reason: string }

export interface PromptEvaluation {
  /** The local prompt file, relative to where the command ran. */
  file?: string
  run: EvalRun
  gate: GateResult
  gateSpec: GateSpec
  baseline?: BaselineReport
  summary: EvalSummary
}

/** Everything one `canon eval` produced: what `--report json` writes. */
export interface EvalReport {
  schemaVersion: 1
  startedAt: string
  durationMs: number
  /** The worst outcome over all prompts (fail > inconclusive > pass). */
  outcome: GateOutcome
  /** Cases that passed (every assertion, every trial), over all prompts; what reports lead with. */
  casesPassed: number
  /** Cases evaluated, over all prompts. */
  casesTotal: number
  evaluations: PromptEvaluation[]
}

const RANK: Record<GateOutcome, number> = { pass: 0, inconclusive: 1, fail: 2 }

/**
 * The worst of several gate outcomes; `pass` for none.
 * @example worstOutcome(['pass', 'inconclusive']) // 'inconclusive'
 */
export function worstOutcome(outcomes: Iterable<GateOutcome>): GateOutcome {
  let worst: GateOutcome = 'pass'
  for (const o of outcomes) if (RANK[o] > RANK[worst]) worst = o
  return worst
}

/**
 * The gate's view of a run: one result per case.
 * @example evaluateGate({ cases: toCaseResults(run), gate })
 */
export function toCaseResults(run: EvalRun): CaseResult[] {
  return run.cases.map((c) => {
    const result: CaseResult = {
      id: c.id,
      tags: c.tags,
      pass: c.pass,
      score: c.score,
      weightedPass: c.weightedPass,
    }
    if (c.error) result.error = `${c.error.kind}: ${c.error.message}`
    return result
  })
}
