import type { GateOutcome } from '../gate/types'

/** Version of the `EvalSummary` shape; readers refuse other versions. */
export const EVAL_SUMMARY_SCHEMA_VERSION = 1

/** How one case did at publish time: what `canon eval --against` pairs a new run with. */
export interface SummaryCase {
  id: string
  pass: boolean
  score: number
  /** The case could not be evaluated then (it is left out of later comparisons). */
  error?: true
}

/**
 * The compact record of an evaluation that travels with a published version (publish envelope
 * `evalSummary`), is returned by the registry on version GETs and shown in the dashboard.
 * Plain JSON; a few KB even for hundreds of cases.
 */
export interface EvalSummary {
  schemaVersion: typeof EVAL_SUMMARY_SCHEMA_VERSION
  /** ISO time the run started. */
  runAt: string
  prompt: { name: string; version: number }
  /** The version's digest (sha256 of its canonical JSON), so a summary can be matched to what it measured. */
  promptDigest: string
  /** sha256 hex of the dataset file's text: a later run on another dataset is flagged. */
  datasetDigest: string
  dataset?: string
  provider: string
  model: string
  judge?: string
  embeddings?: string
  trials: number
  cases: number
  passed: number
  errored: number
  /** Weighted pass rate, 0..1. */
  passRate: number
  /** Its 95% Wilson interval. */
  wilson: { low: number; high: number }
  gate: {
    outcome: GateOutcome
    reasons: string[]
    minPassRate: number
    margin: number
    alpha: number
    /**
     * The labelled version the run was compared with (`canon eval --baseline`, and `canon publish`
     * against the label it moves): which one, and what the paired comparison concluded.
     */
    baseline?: {
      label: string
      version: number
      /** The baseline version's digest; absent only in summaries written before it was recorded. */
      digest?: string
      /** The comparison's own verdict (the gate's outcome also weighs the absolute checks). */
      verdict: GateOutcome
      n: number
      b: number
      c: number
      mcnemarP: number
      scoreDelta: { mean: number; low: number; high: number }
    }
    /**
     * Why the run was not compared with a labelled version: the label pointed at no version yet
     * (a first publish), or the comparison was skipped (`canon publish --baseline none`).
     */
    noBaseline?: { label?: string; reason: string }
  }
  /** Mean per named metric. */
  metrics: Record<string, number>
  tokens: { input: number; output: number }
  /** Fresh spend of the run; absent when a price was unknown. */
  costUsd?: number
  latencyMs?: { p50: number; p95: number }
  perCase: SummaryCase[]
}
