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
export type { LoadedFixtures, RecordedVerdict } from './dataset/load-fixtures'
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

export type { CaseFailure, FailedAssertion } from './report/case-failures'
export { caseFailures } from './report/case-failures'
export type { ComparisonTable } from './report/comparison-table'
export { comparisonTable, overallVerdict } from './report/comparison-table'
export type { DiffLine, ExpectedActual } from './report/expected-vs-actual'
export { expectedVsActual } from './report/expected-vs-actual'
export { escapeHtml, renderHtmlReport } from './report/html-report'
export { buildEvalReport, renderJsonReport } from './report/json-report'
export { renderJunitReport, xmlEscape } from './report/junit-report'
export type { LenientVerdict } from './report/lenient-verdicts'
export { lenientVerdicts } from './report/lenient-verdicts'
export type { MarkdownReportOptions } from './report/markdown-report'
export { renderMarkdownReport } from './report/markdown-report'
export type { Painter } from './report/painter'
export { plainPainter } from './report/painter'
export type { TerminalReportOptions } from './report/terminal-report'
export { renderTerminalReport } from './report/terminal-report'
export type { JudgeLedger } from './runner/aggregate-run'
export { aggregateRun, assertionLabel } from './runner/aggregate-run'
export type { DatasetBudget, OverBudgetCase } from './runner/dataset-budget'
export { datasetBudget } from './runner/dataset-budget'
export type { EvalProviders, EvalSettings } from './runner/eval-providers'
export {
  evalProviderResolver,
  MOCK_EMBEDDINGS_LABEL,
  modelGradedNeeds,
  parseProviderRef,
  usesFixtures,
} from './runner/eval-providers'
export type {
  BaselineSource,
  EvalEnvironment,
  PreparedEvaluation,
  PromptTarget,
} from './runner/evaluate-prompt'
export { evalEnvironment, executeEvaluation, prepareEvaluation } from './runner/evaluate-prompt'
export type { BaselineReport, EvalReport, PromptEvaluation } from './runner/evaluation'
export { toCaseResults, worstOutcome } from './runner/evaluation'
export type { LoadedSuite, LoadSuiteOptions, MockFixtures } from './runner/load-suite'
export { loadFixturesFile, loadSuite } from './runner/load-suite'
export type { EmbeddingsConfig, JudgeConfig, RunEvalOptions } from './runner/options'
export { DEFAULT_CONCURRENCY, DEFAULT_OUTPUT_TOKENS, JUDGE_OUTPUT_TOKENS } from './runner/options'
export { percentile } from './runner/percentile'
export type { EvalPlan, PlannedCase } from './runner/plan-eval'
export { planEval } from './runner/plan-eval'
export { missingVerdictJudge, recordedJudge } from './runner/recorded-judge'
export { checkMaxCost, runEval } from './runner/run-eval'
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
export { buildEvalSummary } from './summary/build-summary'
export type { ParsedSummary } from './summary/parse-summary'
export { parseEvalSummary } from './summary/parse-summary'
export type { EvalSummary, SummaryCase } from './summary/types'
export { EVAL_SUMMARY_SCHEMA_VERSION } from './summary/types'
