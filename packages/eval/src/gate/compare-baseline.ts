import type { GateSpec } from '@canon/core'
import { mcnemarExact } from '../stats/mcnemar-exact'
import { pairedBootstrap } from '../stats/paired-bootstrap'
import { idList, plural, points, pValue, signedPoints } from './format'
import type { BaselineComparison, CaseResult } from './types'

/** Below this many pairs the bootstrap interval is not trusted to pass or fail a candidate. */
export const MIN_PAIRED_CASES = 10

export interface CompareOptions {
  /** Bootstrap resamples (default 10,000). */
  iterations?: number
  /** Bootstrap seed (default fixed, so verdicts are reproducible). */
  seed?: number
}

function byId(results: readonly CaseResult[], side: string): Map<string, CaseResult> {
  const map = new Map<string, CaseResult>()
  for (const r of results) {
    if (map.has(r.id)) {
      throw new Error(
        `case \`${r.id}\` appears twice in the ${side} results; combine trials of a case into one result before gating`,
      )
    }
    map.set(r.id, r)
  }
  return map
}

/**
 * Non-inferiority of the candidate against the baseline on the cases both ran: the candidate
 * may not be significantly worse than the version the label points at.
 * Δ = candidate − baseline case score; δ = `gate.margin`; CI = paired bootstrap at 1 − 2α.
 *
 * - FAIL when the whole CI lies below −δ, or when the exact McNemar test shows the candidate
 *   significantly worse (b > c, p < α) and the pass rate dropped by more than δ.
 * - PASS when the CI's lower bound is above −δ and McNemar does not show it significantly worse.
 * - INCONCLUSIVE otherwise, and always when fewer than `MIN_PAIRED_CASES` pairs exist
 *   (unless McNemar alone is decisive).
 */
export function compareBaseline(
  candidate: readonly CaseResult[],
  baseline: readonly CaseResult[],
  gate: GateSpec,
  options: CompareOptions = {},
): { comparison: BaselineComparison; reasons: string[] } {
  const candidates = byId(candidate, 'candidate')
  const baselines = byId(baseline, 'baseline')
  const base: number[] = []
  const cand: number[] = []
  const regressed: string[] = []
  const improved: string[] = []
  let errored = 0
  let candidateOnly = 0
  for (const [id, c] of candidates) {
    const b = baselines.get(id)
    if (!b) {
      candidateOnly++
      continue
    }
    if (c.error !== undefined || b.error !== undefined) {
      errored++
      continue
    }
    base.push(b.score)
    cand.push(c.score)
    if (b.pass && !c.pass) regressed.push(id)
    if (!b.pass && c.pass) improved.push(id)
  }
  const baselineOnly = [...baselines.keys()].filter((id) => !candidates.has(id)).length

  const n = base.length
  const bCount = regressed.length
  const cCount = improved.length
  const { pValue: mcnemarP } = mcnemarExact(bCount, cCount)
  const confidence = 1 - 2 * gate.alpha
  const scoreDelta =
    n > 0
      ? pairedBootstrap(base, cand, {
          confidence,
          iterations: options.iterations,
          seed: options.seed,
        })
      : { meanDiff: 0, low: -1, high: 1 } // No pairs: Δ of 0..1 scores could be anything.
  const passRateDelta = n > 0 ? (cCount - bCount) / n : 0

  const delta = gate.margin
  const ci = `Δ = ${signedPoints(scoreDelta.meanDiff)}, ${Math.round(confidence * 100)}% CI ${signedPoints(scoreDelta.low)}…${signedPoints(scoreDelta.high)}, n = ${n}`
  const significantlyWorse = bCount > cCount && mcnemarP < gate.alpha
  const mcnemarText = `McNemar exact test: the candidate fails ${plural(bCount, 'case')} the baseline passes and passes ${cCount} it fails (p ${pValue(mcnemarP)})`

  const reasons: string[] = []
  let verdict: BaselineComparison['verdict']
  if (n === 0) {
    verdict = 'inconclusive'
    reasons.push('no cases in common with the baseline to compare')
  } else if (significantlyWorse && passRateDelta < -delta) {
    verdict = 'fail'
    reasons.push(
      `candidate is significantly worse than baseline: pass rate ${signedPoints(passRateDelta)} points, beyond the ${points(delta)}-point margin; ${mcnemarText}`,
    )
  } else if (n < MIN_PAIRED_CASES) {
    verdict = 'inconclusive'
    reasons.push(
      `not enough evidence to compare with baseline: only ${plural(n, 'paired case')} (${ci}); at least ${MIN_PAIRED_CASES} are needed`,
    )
  } else if (scoreDelta.high < -delta) {
    verdict = 'fail'
    reasons.push(`candidate is worse than baseline by more than ${points(delta)} points (${ci})`)
  } else if (scoreDelta.low > -delta && !significantlyWorse) {
    verdict = 'pass'
    reasons.push(
      `candidate is not worse than baseline by more than ${points(delta)} points (${ci})`,
    )
  } else if (significantlyWorse) {
    verdict = 'inconclusive'
    reasons.push(
      `candidate fails significantly more cases than baseline, but the pass-rate drop (${signedPoints(passRateDelta)} points) is within the ${points(delta)}-point margin; ${mcnemarText}`,
    )
  } else {
    verdict = 'inconclusive'
    reasons.push(
      `not enough evidence either way: the interval on Δ straddles the −${points(delta)}-point margin (${ci}); add cases to decide`,
    )
  }
  if (regressed.length > 0) {
    reasons.push(`regressed vs baseline: ${idList(regressed)}`)
  }
  const unpairedCount = candidateOnly + baselineOnly + errored
  if (unpairedCount > 0) {
    reasons.push(
      `${plural(unpairedCount, 'case')} left out of the comparison (${candidateOnly} only in candidate, ${baselineOnly} only in baseline, ${errored} errored)`,
    )
  }
  return {
    comparison: {
      n,
      b: bCount,
      c: cCount,
      mcnemarP,
      passRateDelta,
      scoreDelta,
      confidence,
      verdict,
      regressed,
      improved,
      unpaired: { candidateOnly, baselineOnly, errored },
    },
    reasons,
  }
}
