/**
 * Verdicts that relied on one of Canon's documented leniencies (trimmed whitespace, JSON inside
 * a code fence, a fractional `levenshtein` threshold): promptfoo's strict reading would have
 * given the opposite verdict. Reports list them so nobody mistakes them for promptfoo's.
 * @module
 */
import type { EvalRun } from '../runner/types'

export interface LenientVerdict {
  caseId: string
  trial: number
  /** `equals [accuracy]`. */
  label: string
  /** Canon's verdict (after any `not-`). */
  pass: boolean
  /** What Canon did that promptfoo would not. */
  note: string
}

/**
 * @example lenientVerdicts(run) // [{ caseId: 'refund', trial: 0, label: 'equals', pass: true, note: 'equal only after trimming…' }]
 */
export function lenientVerdicts(run: Pick<EvalRun, 'cases'>): LenientVerdict[] {
  const out: LenientVerdict[] = []
  for (const c of run.cases) {
    for (const t of c.trials) {
      for (const a of t.assertions) {
        if (!a.lenient) continue
        const label = a.metric === undefined ? a.type : `${a.type} [${a.metric}]`
        out.push({ caseId: c.id, trial: t.trial, label, pass: a.pass, note: a.lenient })
      }
    }
  }
  return out
}

/** `refund: equals passed — equal only after trimming…` (trial shown past the first). */
export function lenientLine(v: LenientVerdict): string {
  const trial = v.trial > 0 ? ` (trial ${v.trial + 1})` : ''
  return `${v.caseId}${trial}: ${v.label} ${v.pass ? 'passed' : 'failed'} — ${v.note}`
}
