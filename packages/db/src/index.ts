/**
 * `@canon/db`: Canon's database. One interface over postgres.js and embedded PGlite,
 * migrations applied at start-up under an advisory lock, and the domain verbs the registry
 * calls (routes never import drizzle).
 * @module
 */
export { LABELS_CHANNEL, type LabelChange, VERSIONS_CHANNEL, type VersionChange } from './channels'
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
export { verifyApiKey } from './verbs/verify-api-key'
