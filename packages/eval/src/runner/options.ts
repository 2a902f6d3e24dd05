/**
 * What `runEval` needs: a prompt, its cases, the model under test and how to grade it.
 * @module
 */
import type { AssertionSpec, JsonSchema, PromptDefinition } from '@canon/core'
import type { CacheMode, CacheStore } from '../cache/types'
import type { Case } from '../dataset/case'
import type { RecordedVerdict } from '../dataset/load-fixtures'
import type { ModelPrice } from '../pricing/price-table'
import type { Provider } from '../providers/types'

/**
 * Who grades `llm-rubric` assertions: a judge model (never the model under test by default), or
 * the verdicts recorded in the prompt's fixtures file for offline runs.
 */
export type JudgeConfig =
  | {
      kind: 'model'
      provider: Provider
      model: string
      /** USD per 1M tokens, overriding the price table (local servers bill nothing). */
      price?: ModelPrice
    }
  | {
      kind: 'recorded'
      /** By case id: one verdict per rubric of the case in order, or one for all of them. */
      verdicts: ReadonlyMap<string, readonly RecordedVerdict[]>
      /** Where the verdicts come from, for messages: the fixtures file. */
      source: string
    }

/** The embeddings provider of `similar` assertions. */
export interface EmbeddingsConfig {
  /** Must have `embed`; cached with the rest when `cache` is set. */
  provider: Provider
  model: string
  /** Shown in reports, e.g. `openai:text-embedding-3-small`. Default `<id>:<model>`. */
  label?: string
}

export interface RunEvalOptions {
  prompt: PromptDefinition
  cases: readonly Case[]
  /** The model under test's provider (for offline runs, a mock answering from fixtures). */
  provider: Provider
  /** Model id; default the prompt's `model.name`, then the provider's default. */
  model?: string
  /** Price of the model under test for the estimate and cost, overriding the price table. */
  price?: ModelPrice
  judge?: JudgeConfig
  embeddings?: EmbeddingsConfig
  /**
   * Assertions to grade with; default the prompt's `evaluation.assertions`. A baseline run is
   * graded with the candidate's, so both are measured with the same yardstick.
   */
  assertions?: readonly AssertionSpec[]
  /** Default schema of `json-schema` assertions; default the prompt's `output.schema`. */
  outputSchema?: JsonSchema
  /** Calls in flight at once. Default 4. */
  concurrency?: number
  /** Repeats of each case (each a separate, separately cached call). Default 1. */
  trials?: number
  /** Response cache for the model under test, the judge and embeddings. */
  cache?: { store: CacheStore; mode: CacheMode }
  /** Hard stop: refuse to start when the estimate is above this many USD (or unknown). */
  maxCostUsd?: number
  /**
   * Skip `llm-rubric` and `similar` when a deterministic assertion already failed the case
   * (they are then recorded as failed, score 0, "not graded"). Default true: judges cost money.
   */
  shortCircuit?: boolean
  /** Dataset identity recorded in the run (the eval summary pairs on it). */
  dataset?: { file?: string; digest?: string }
  /** After every finished case × trial. */
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}

/** Assumed answer length when the prompt sets no `model.max_tokens`. */
export const DEFAULT_OUTPUT_TOKENS = 256

/** Assumed length of a judge's `{"score", "reason"}` answer. */
export const JUDGE_OUTPUT_TOKENS = 100

/** Default number of calls in flight. */
export const DEFAULT_CONCURRENCY = 4
