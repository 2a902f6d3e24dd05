// Providers, HTTP reliability, response cache, pricing.

export type { CompletionKeyFields } from './cache/cache-key'
export { CACHE_KEY_VERSION, completionCacheKey, embeddingCacheKey } from './cache/cache-key'
export { canonicalJson } from './cache/canonical-json'
export type { FileCacheStore } from './cache/file-store'
export { createFileCacheStore, createMemoryCacheStore, DEFAULT_CACHE_DIR } from './cache/file-store'
export type {
  CacheEntry,
  CacheMode,
  CacheStats,
  CacheStore,
  CompletionCacheEntry,
  EmbeddingCacheEntry,
  StoredCompletion,
} from './cache/types'
export { CACHE_MODES } from './cache/types'
export type { CachedProvider } from './cache/with-cache'
export { isReplayMiss, withCache } from './cache/with-cache'
export type { Clock, ManualClock } from './http/clock'
export { manualClock, systemClock } from './http/clock'
export type { HttpOptions, JsonRequest, JsonResponse } from './http/request-json'
export { requestJson } from './http/request-json'
export { backoffDelay, retryAfterMs } from './http/retry-after'
export { runWithConcurrency } from './http/run-with-concurrency'
export type { CostOptions, ModelPrice } from './pricing/index'
export { estimateCost, findModelPrice, PRICE_TABLE, PRICE_TABLE_DATE } from './pricing/index'
export type { AnthropicProviderConfig } from './providers/anthropic'
export {
  ANTHROPIC_DEFAULT_BASE_URL,
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  ANTHROPIC_VERSION,
  createAnthropicProvider,
} from './providers/anthropic'
export type { ProviderDeps, ProviderSpec } from './providers/create-provider'
export { createProvider, PROVIDER_PRESETS } from './providers/create-provider'
export { hashEmbedding } from './providers/hash-embedding'
export type {
  MockCallContext,
  MockOutput,
  MockOutputs,
  MockProvider,
  MockProviderConfig,
} from './providers/mock'
export { createMockProvider } from './providers/mock'
export type { OpenAIProviderConfig } from './providers/openai'
export { createOpenAIProvider, OPENAI_DEFAULT_BASE_URL } from './providers/openai'
export type { BuildRequestInput } from './providers/request'
export { buildCompletionRequest, paramsFromSettings, toMessages } from './providers/request'
export type { EmbeddingProvider } from './providers/require-embeddings'
export { requireEmbeddings } from './providers/require-embeddings'
export type {
  CompleteOptions,
  CompletionParams,
  CompletionRequest,
  CompletionResult,
  EmbedOptions,
  FinishReason,
  Provider,
  ResponseFormat,
  Usage,
} from './providers/types'

// Statistics, datasets, assertions, gate.

export type { BaseAssertionType, ParsedAssertionType } from './assertions/assertion-types'
export { BASE_ASSERTION_TYPES, parseAssertionType } from './assertions/assertion-types'
export { assertionsForCase } from './assertions/assertions-for-case'
export { extractJson } from './assertions/extract-json'
export { parseJudgeVerdict } from './assertions/judge-verdict'
export {
  DEFAULT_RUBRIC_THRESHOLD,
  JUDGE_PROMPT_VERSION,
  judgeMessages,
} from './assertions/llm-rubric'
export { isRefusal } from './assertions/refusal'
export { runAssertion } from './assertions/run-assertion'
export type { CaseScore } from './assertions/score-case'
export { aggregateNamedScores, scoreCase } from './assertions/score-case'
export { cosineSimilarity, DEFAULT_SIMILARITY_THRESHOLD } from './assertions/similar'
export type {
  AssertionContext,
  AssertionResult,
  EmbeddingsProvider,
  JudgeProvider,
} from './assertions/types'
export type { AssertionProblem } from './assertions/validate-assertion'
export { validateAssertionSpec } from './assertions/validate-assertion'
export type { Case } from './dataset/case'
export type { LoadedDataset } from './dataset/load-dataset'
export { loadDataset } from './dataset/load-dataset'
export type { LoadedFixtures } from './dataset/load-fixtures'
export { loadFixtures } from './dataset/load-fixtures'
export type { CompareOptions } from './gate/compare-baseline'
export { compareBaseline, MIN_PAIRED_CASES } from './gate/compare-baseline'
export type { GateInput } from './gate/evaluate-gate'
export { CRITICAL_TAG, evaluateGate } from './gate/evaluate-gate'
export type { BaselineComparison, CaseResult, GateOutcome, GateResult } from './gate/types'
export { mcnemarExact } from './stats/mcnemar-exact'
export { normalQuantile } from './stats/normal-quantile'
export type { MeanDifference, PairedBootstrapOptions } from './stats/paired-bootstrap'
export { DEFAULT_BOOTSTRAP_SEED, pairedBootstrap } from './stats/paired-bootstrap'
export { mulberry32 } from './stats/prng'
export type { ProportionInterval } from './stats/wilson-interval'
export { wilsonInterval } from './stats/wilson-interval'

// Runner, summary, reports.

export type {
  AssertionSummary,
  CaseError,
  CaseErrorKind,
  CaseRun,
  EvalRun,
  RunEstimate,
  RunTotals,
  TrialRun,
} from './runner/types'
