/**
 * `@canon/db`: Canon's database. One interface over postgres.js and embedded PGlite,
 * migrations applied at start-up under an advisory lock, and the domain verbs the registry
 * calls (routes never import drizzle).
 * @module
 */
export {
  KEYS_CHANNEL,
  LABELS_CHANNEL,
  type LabelChange,
  VERSIONS_CHANNEL,
  type VersionChange,
} from './channels'
export { createDatabase } from './create-database'
export type {
  Database,
  DatabaseConfig,
  DatabaseKind,
  DrizzleDatabase,
  NotificationHandler,
  Schema,
} from './database'
export type { VerbContext } from './internal/context'
export { DEFAULT_MIGRATIONS_FOLDER } from './migrations'
export type * from './records'
export { API_KEY_SCOPES, type ApiKeyScope, AUDIT_ACTIONS, type AuditAction } from './schema'
export { type CreateApiKeyInput, type CreatedApiKey, createApiKey } from './verbs/create-api-key'
export { type EnsureAdminKeyResult, ensureAdminKey } from './verbs/ensure-admin-key'
export { getPrompt } from './verbs/get-prompt'
export { getVersion } from './verbs/get-version'
export { labelHistory } from './verbs/label-history'
export { listApiKeys } from './verbs/list-api-keys'
export { type ListPromptsInput, listPrompts, type PromptPage } from './verbs/list-prompts'
export { type MoveLabelInput, type MoveLabelResult, moveLabel } from './verbs/move-label'
export {
  type PublishVersionInput,
  type PublishVersionResult,
  publishVersion,
} from './verbs/publish-version'
export { resolveLabel } from './verbs/resolve-label'
export { revokeApiKey } from './verbs/revoke-api-key'
export { type SetEvalSummaryInput, setEvalSummary } from './verbs/set-eval-summary'
export {
  type SetVersionStatusInput,
  type SetVersionStatusResult,
  setVersionStatus,
} from './verbs/set-version-status'
export { snapshot } from './verbs/snapshot'
export {
  type AbArmStats,
  type AbStats,
  type AbStatsInput,
  abStats,
} from './verbs/telemetry/ab-stats'
export {
  type ExecutionInput,
  type IngestResult,
  ingestExecutions,
} from './verbs/telemetry/ingest-executions'
export {
  LATENCY_BUCKETS_PER_DOUBLING,
  latencyBucket,
  latencyBucketBounds,
} from './verbs/telemetry/latency-histogram'
export {
  type MetricsOverview,
  metricsOverview,
  type PromptOverview,
} from './verbs/telemetry/metrics-overview'
export {
  autoBucket,
  MAX_SERIES_POINTS,
  type PromptMetrics,
  type PromptMetricsGroup,
  type PromptMetricsInput,
  type PromptMetricsPoint,
  promptMetrics,
  SERIES_BUCKETS,
  type SeriesBucket,
} from './verbs/telemetry/prompt-metrics'
export { rebuildTelemetryRollups } from './verbs/telemetry/rebuild-rollups'
export {
  MAX_SCORE_COMMENT,
  MAX_SCORE_NAME,
  type RecordScoresResult,
  recordScores,
  type ScoreInput,
} from './verbs/telemetry/record-scores'
export { FEEDBACK_SCORE_NAMES } from './verbs/telemetry/summaries'
export { MAX_RANGE_MS, type MetricsRange } from './verbs/telemetry/time-range'
export { type Execution, traceExecutions } from './verbs/telemetry/trace-executions'
export { verifyApiKey } from './verbs/verify-api-key'
