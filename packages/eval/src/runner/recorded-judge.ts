/**
 * Offline judging: `llm-rubric` verdicts come from the `judge` field of the prompt's fixtures
 * file, never from a heuristic. The recorded answer goes through the same parser as a live
 * judge's, so a malformed recording fails the same way a malformed answer would.
 * @module
 */
import { CanonError } from '@canon/core'
import type { JudgeProvider } from '../assertions/types'
import type { RecordedVerdict } from '../dataset/load-fixtures'
import type { CompletionResult } from '../providers/types'

/** Label of the offline judge in reports. */
export function recordedJudgeLabel(source: string): string {
  return `recorded verdicts (${source})`
}

function answer(text: string): CompletionResult {
  return {
    text,
    usage: { inputTokens: 0, outputTokens: 0 },
    latencyMs: 0,
    costUsd: 0,
    model: 'recorded',
    finishReason: 'stop',
  }
}

/**
 * A judge that answers with one recorded verdict.
 * @example await runAssertion({ type: 'llm-rubric' }, { output, case: c, judge: recordedJudge({ score: 0.9, reason: 'ok' }) })
 */
export function recordedJudge(verdict: RecordedVerdict): JudgeProvider {
  const text = JSON.stringify({ score: verdict.score, reason: verdict.reason })
  return {
    id: 'recorded',
    defaultModel: 'recorded',
    complete: async () => answer(text),
  }
}

/** A judge standing in for a missing recording: every call is an error that says what to add. */
export function missingVerdictJudge(
  caseId: string,
  index: number,
  recorded: number,
  source: string,
): JudgeProvider {
  const which =
    recorded === 0
      ? `no recorded judge verdict for case "${caseId}"`
      : `case "${caseId}" has ${recorded} recorded judge verdicts but rubric #${index + 1} needs one more`
  return {
    id: 'recorded',
    defaultModel: 'recorded',
    complete: async () => {
      throw new CanonError(
        'NOT_FOUND',
        `${which} in ${source}: add "judge": {"score": 0..1, "reason": "…"} to its line (a list gives one per llm-rubric), or grade with a live judge (--judge provider:model)`,
      )
    },
  }
}
