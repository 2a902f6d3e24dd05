import type { JsonSchema } from '@canon/core'
import type { Case } from '../dataset/case'
import type { Provider } from '../providers/types'

/** What `llm-rubric` needs from a provider. */
export type JudgeProvider = Pick<Provider, 'id' | 'defaultModel' | 'complete'>

/** What `similar` needs from a provider; a provider without `embed` gives an assertion error. */
export type EmbeddingsProvider = Pick<Provider, 'id' | 'defaultModel' | 'embed'>

/** Everything an assertion may look at for one output. */
export interface AssertionContext {
  /** The model's answer. */
  output: string
  case: Case
  /** The prompt's `output.schema`: the default schema of `json-schema`. */
  outputSchema?: JsonSchema
  /** Measured latency of the call; `latency` is skipped without it. */
  latencyMs?: number
  /** Cost of the call in USD; `cost` is skipped without it. */
  costUsd?: number
  /** Judge for `llm-rubric`. */
  judge?: JudgeProvider
  /** Judge model; defaults to the judge provider's default model. */
  judgeModel?: string
  /** Embeddings provider for `similar`. */
  embeddings?: EmbeddingsProvider
  /** Embeddings model; defaults to the embeddings provider's default model. */
  embeddingsModel?: string
  signal?: AbortSignal
}

/** The verdict of one assertion on one output. */
export interface AssertionResult {
  /** The type as written, e.g. `not-contains`. */
  type: string
  pass: boolean
  /** 0..1; for `not-` forms, 1 − the base score. */
  score: number
  /** Plain-English explanation, e.g. `output contains "refund"`. */
  reason: string
  metric?: string
  /** How much the assertion counts in the case score; 0 records without gating. */
  weight: number
  /** Set when the assertion could not be evaluated (unparseable judge answer, provider error, bad config). */
  error?: string
  /** True when the assertion did not apply (no expectation for it in the case). */
  skipped?: boolean
  /**
   * Set when one of Canon's documented leniencies (trimming whitespace, JSON inside a code
   * fence, a fractional `levenshtein` threshold) decided the verdict: promptfoo would have given
   * the opposite one. Says which.
   */
  lenient?: string
}

/** What an evaluator decides, before negation, weight and metric are applied. */
export type Verdict =
  | { kind: 'scored'; pass: boolean; score: number; reason: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'error'; message: string }

export const scored = (pass: boolean, reason: string, score = pass ? 1 : 0): Verdict => ({
  kind: 'scored',
  pass,
  score,
  reason,
})
export const skipped = (reason: string): Verdict => ({ kind: 'skipped', reason })
export const failed = (message: string): Verdict => ({ kind: 'error', message })

/** A short quoted form of a value for reasons: `"billing"`, `"a long te…"` (80 chars max). */
export function quote(value: unknown, max = 80): string {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
