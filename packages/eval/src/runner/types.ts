/**
 * What an evaluation run produces. Everything here is plain JSON (no Maps, no class instances),
 * so `--report json` is `JSON.stringify(run)` and a run can be read back by other tools.
 * @module
 */
import type { AssertionResult } from '../assertions/types'
import type { CacheMode } from '../cache/types'
import type { FinishReason, Usage } from '../providers/types'
import type { ProportionInterval } from '../stats/wilson-interval'

/**
 * Why a case could not be evaluated. Reported apart from assertion failures: an error means
 * "no verdict", not "the prompt is bad".
 * - `render`: the case's `vars` do not fit the prompt's inputs (strict rendering).
 * - `provider`: the model call failed after retries (timeouts, 5xx, malformed answers).
 * - `cache-miss`: `--cache replay` has no recorded answer (no provider was called).
 * - `assertion`: an assertion could not be evaluated (unparseable judge answer, missing recorded
 *   verdict, embeddings failure, bad assertion config).
 */
export type CaseErrorKind = 'render' | 'provider' | 'cache-miss' | 'assertion'

export interface CaseError {
  kind: CaseErrorKind
  message: string
}

/** One call of the model under test for one case, and its assertions. */
export interface TrialRun {
  /** 0-based repeat index (part of the cache key). */
  trial: number
  /** The model's answer; absent when the call failed. */
  output?: string
  assertions: AssertionResult[]
  pass: boolean
  /** Weighted mean assertion score, 0..1. */
  score: number
  /** Share of assertion weight that passed, 0..1. */
  weightedPass: number
  namedScores: Record<string, number>
  /** Assertions that counted (not skipped, weight > 0); 0 = passed vacuously. */
  checked: number
  error?: CaseError
  usage?: Usage
  /** USD of this call; `undefined` when the model's price is unknown. */
  costUsd?: number
  latencyMs?: number
  /** Answered from the response cache. */
  cached?: boolean
  /** Model id as the provider reported it. */
  model?: string
  finishReason?: FinishReason
}

/** One dataset case over all its trials. */
export interface CaseRun {
  id: string
  /** Line in the dataset file. */
  line: number
  tags: string[]
  description?: string
  /** The case's `vars` as the dataset gives them, for reports (the HTML report shows them). */
  vars?: Record<string, unknown>
  /** The case's `expected`, for diffs in reports. */
  expected?: string
  /** The case's `expected_json`, for diffs in reports. */
  expectedJson?: unknown
  /** Tokens of the rendered prompt (the model's tokenizer; cl100k for unknown models). */
  inputTokens?: number
  /** Set when the rendered prompt is over `budget.max_input_tokens`; the case then fails. */
  overBudget?: { tokens: number; limit: number }
  /** Every trial passed. */
  pass: boolean
  /** Mean over trials. */
  score: number
  /** Mean over trials. */
  weightedPass: number
  /** Mean over trials, per metric. */
  namedScores: Record<string, number>
  /** The first error of any trial: the case then counts as errored (no verdict). */
  error?: CaseError
  trials: TrialRun[]
}

/** The pre-run estimate: computed before any call, it is what `--max-cost` is checked against. */
export interface RunEstimate {
  cases: number
  /** Model calls the run will make: cases that render × trials, minus cached answers. */
  calls: number
  /** Calls answered by the response cache (cost nothing). */
  cachedCalls: number
  /** Rendered prompt tokens over the calls that will be made. */
  inputTokens: number
  /** Assumed answer length per call. */
  outputTokensPerCall: number
  /** Where that figure comes from: the prompt's `model.max_tokens` (an upper bound) or a default. */
  outputTokensSource: 'max_tokens' | 'default'
  outputTokens: number
  /** `llm-rubric` calls, assuming none is short-circuited. */
  judgeCalls: number
  judgeInputTokens: number
  judgeOutputTokens: number
  generationCostUsd?: number
  judgeCostUsd?: number
  /** Total; `undefined` when a model's price is unknown (see `unpricedModels`). */
  costUsd?: number
  unpricedModels: string[]
}

/** How one assertion of the suite did over all cases. */
export interface AssertionSummary {
  /** Readable identity: type, path or value, metric. E.g. `json-path $.urgency [urgency_accuracy]`. */
  label: string
  type: string
  metric?: string
  weight: number
  passed: number
  failed: number
  errored: number
  skipped: number
  /** Mean score over the cases where it counted. */
  meanScore: number
}

export interface RunTotals {
  cases: number
  passed: number
  failed: number
  errored: number
  /** Mean of case `weightedPass` (errored cases count 0) with its 95% Wilson interval. */
  passRate: { weighted: number; wilson: ProportionInterval }
  assertions: AssertionSummary[]
  /** Per `metric`: mean over the cases that have it. */
  metrics: Record<string, { mean: number; count: number }>
  /** Tokens of the model under test, over every call (cached ones included). */
  tokens: { input: number; output: number }
  judge: { calls: number; inputTokens: number; outputTokens: number; costUsd?: number }
  /** USD spent in this run (fresh calls of model and judge); `undefined` if a price is unknown. */
  costUsd?: number
  /** USD the cached answers cost when they were recorded (saved this time). */
  cachedCostUsd: number
  /** Over the calls that answered; `undefined` when none did. */
  latencyMs?: { p50: number; p95: number }
  /** Cases that rendered over `budget.max_input_tokens`. */
  overBudget: string[]
  /** Cases where no assertion counted: they passed vacuously. */
  vacuous: string[]
}

/** A complete evaluation of one prompt version on one dataset. */
export interface EvalRun {
  prompt: { name: string; version: number; digest: string }
  dataset: { file?: string; digest?: string }
  /** Provider id of the model under test (`openai`, `anthropic`, `mock`, …). */
  provider: string
  endpoint?: string
  model: string
  /** `openai:gpt-4o`, or `recorded verdicts (x.fixtures.jsonl)` offline. */
  judge?: string
  embeddings?: string
  trials: number
  concurrency: number
  startedAt: string
  durationMs: number
  estimate: RunEstimate
  cases: CaseRun[]
  totals: RunTotals
  cache?: { mode: CacheMode; hits: number; misses: number; calls: number; writes: number }
}
