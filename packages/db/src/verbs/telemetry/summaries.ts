/**
 * Turning rollup totals into the numbers the metrics API shows.
 * @module
 */
import { histogramQuantile, mergeHistogram } from './latency-histogram'
import type { RollupGroup, ScoreSums } from './read-rollups'

/** Score names that are user feedback (1 = positive, 0 = negative), not quality scores. */
export const FEEDBACK_SCORE_NAMES: readonly string[] = ['user_approval', 'feedback']

export function isFeedback(name: string): boolean {
  return FEEDBACK_SCORE_NAMES.includes(name)
}

/** Adds `from` into `into` (same dimensions assumed). */
export function addGroup(into: RollupGroup, from: RollupGroup): void {
  into.calls += from.calls
  into.errors += from.errors
  into.simulatedCalls += from.simulatedCalls
  mergeHistogram(into.hist, from.hist)
  into.usageCalls += from.usageCalls
  into.inputTokens += from.inputTokens
  into.outputTokens += from.outputTokens
  into.costCalls += from.costCalls
  into.costUsd += from.costUsd
  into.costSqUsd += from.costSqUsd
  if (from.lastCallAtMs > into.lastCallAtMs) into.lastCallAtMs = from.lastCallAtMs
  for (const [name, s] of from.scores) {
    const target = into.scores.get(name)
    if (target) {
      target.n += s.n
      target.sum += s.sum
      target.sumSq += s.sumSq
      target.positives += s.positives
    } else {
      into.scores.set(name, { ...s })
    }
  }
}

/** A copy to add others into. */
export function cloneGroup(group: RollupGroup): RollupGroup {
  const copy: RollupGroup = { ...group, hist: new Map(group.hist), scores: new Map() }
  for (const [name, s] of group.scores) copy.scores.set(name, { ...s })
  return copy
}

/** Milliseconds, rounded to 0.01. */
function roundMs(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100
}

export function latencyPercentiles(group: RollupGroup): {
  latencyP50Ms: number | null
  latencyP95Ms: number | null
} {
  return {
    latencyP50Ms: roundMs(histogramQuantile(group.hist, 0.5)),
    latencyP95Ms: roundMs(histogramQuantile(group.hist, 0.95)),
  }
}

export function errorRate(group: RollupGroup): number {
  return group.calls > 0 ? group.errors / group.calls : 0
}

export function costPerCall(group: RollupGroup): number | null {
  return group.costCalls > 0 ? group.costUsd / group.costCalls : null
}

/** Feedback scores (`user_approval`, `feedback`) added together. */
export function feedbackSums(group: RollupGroup): ScoreSums {
  const out: ScoreSums = { n: 0, sum: 0, sumSq: 0, positives: 0 }
  for (const [name, s] of group.scores) {
    if (!isFeedback(name)) continue
    out.n += s.n
    out.sum += s.sum
    out.sumSq += s.sumSq
    out.positives += s.positives
  }
  return out
}

/** Every numeric score other than feedback, added together (for `qualityMean`). */
export function qualitySums(group: RollupGroup): ScoreSums {
  const out: ScoreSums = { n: 0, sum: 0, sumSq: 0, positives: 0 }
  for (const [name, s] of group.scores) {
    if (isFeedback(name)) continue
    out.n += s.n
    out.sum += s.sum
    out.sumSq += s.sumSq
    out.positives += s.positives
  }
  return out
}
