import type { MeanDifference } from '../stats/paired-bootstrap'
import type { ProportionInterval } from '../stats/wilson-interval'

/** What the gate needs to know about one evaluated case (the runner's result carries more). */
export interface CaseResult {
  id: string
  tags: readonly string[]
  /** Every counted assertion passed (see `scoreCase`). */
  pass: boolean
  /** Weighted mean assertion score, 0..1: the quantity compared against the baseline. */
  score: number
  /** Share of assertion weight that passed, 0..1; defaults to `pass ? 1 : 0`. */
  weightedPass?: number
  /** Set when the case could not be evaluated (provider failure after retries, render error). */
  error?: string
}

export type GateOutcome = 'pass' | 'fail' | 'inconclusive'

/** Candidate against baseline on the cases both ran. */
export interface BaselineComparison {
  /** Paired cases: ids present in both runs, neither errored. */
  n: number
  /** Baseline passed, candidate failed. */
  b: number
  /** Baseline failed, candidate passed. */
  c: number
  /** Two-sided exact McNemar p on (b, c). */
  mcnemarP: number
  /** Candidate − baseline case pass rate on the pairs: (c − b) / n. */
  passRateDelta: number
  /** Paired bootstrap of candidate − baseline case scores, at `confidence`. */
  scoreDelta: MeanDifference
  /** Two-sided confidence of `scoreDelta`: 1 − 2·alpha (a one-sided test at alpha). */
  confidence: number
  verdict: GateOutcome
  /** Ids the baseline passed and the candidate failed. */
  regressed: string[]
  /** Ids the baseline failed and the candidate passed. */
  improved: string[]
  /** Cases left out of the pairing. */
  unpaired: { candidateOnly: number; baselineOnly: number; errored: number }
}

export interface GateResult {
  outcome: GateOutcome
  /** Plain-English reasons, most important first. */
  reasons: string[]
  passRate: {
    /** Mean over cases of their weighted pass share; errored cases count 0. */
    weighted: number
    /** 95% Wilson interval of the weighted pass rate over `total` cases. */
    wilson: ProportionInterval
    /** Cases that fully passed. */
    passed: number
    total: number
  }
  /** Ids of `critical`-tagged cases that failed or errored. */
  criticalFailures: string[]
  /** Ids of cases that could not be evaluated. */
  errored: string[]
  comparison?: BaselineComparison
}
