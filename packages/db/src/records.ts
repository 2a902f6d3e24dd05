/**
 * Plain objects the verbs return: no drizzle types, timestamps as ISO 8601 strings,
 * ready to serialize as JSON.
 * @module
 */
import type { PromptDefinition } from '@canon/core'
import type { ApiKeyScope } from './schema/api-keys'

export type VersionStatus = 'active' | 'deprecated' | 'retired'

/** An eval summary: whatever `@canon/eval` reports (`EvalSummary`); stored as JSON. */
export type EvalSummary = Record<string, unknown>

/** A version without its definition, as listed on a prompt's page. */
export interface VersionSummary {
  version: number
  digest: string
  status: VersionStatus
  statusChangedAt: string
  publishedAt: string
  publishedBy: string
  sourceCommit: string | null
  sourcePath: string | null
  evalSummary: EvalSummary | null
}

/** One published version with its full normalized definition (including `evaluation`). */
export interface PromptVersion extends VersionSummary {
  name: string
  definition: PromptDefinition
}

/** A label and the version it points at. */
export interface LabelPointer {
  label: string
  version: number
  updatedAt: string
  updatedBy: string
}

/** A row of `listPrompts`. `latestVersion` is the highest version that is not retired. */
export interface PromptSummary {
  name: string
  description: string | null
  tags: string[]
  latestVersion: number | null
  /** Label → version, without the computed `latest`. */
  labels: Record<string, number>
  createdAt: string
  updatedAt: string
}

/** `getPrompt`: the prompt, its versions (newest first) and labels (by name). */
export interface PromptDetail extends Omit<PromptSummary, 'labels'> {
  versions: VersionSummary[]
  labels: LabelPointer[]
}

/** `resolveLabel`: the version a label points at, plus who moved the label last. */
export interface ResolvedLabel extends PromptVersion {
  label: string
  /** When the label last moved (for `latest`: when the latest version last changed). */
  labelUpdatedAt: string
  /** Who moved it (for `latest`: null, it moves by itself). */
  labelUpdatedBy: string | null
}

/** One movement of a label, newest first. `fromVersion` is null when the label was created. */
export interface LabelHistoryEntry {
  at: string
  actor: string
  fromVersion: number | null
  toVersion: number | null
  /** Why `latest` moved (`publish`, `status`), absent for labels moved by hand. */
  reason?: string
}

/** One prompt in a snapshot. */
export interface SnapshotEntry {
  name: string
  version: number
  digest: string
  status: VersionStatus
  definition: PromptDefinition
}

/** Every prompt at a label, for SDK prefetch and fallback bundles. */
export interface Snapshot {
  label: string
  generatedAt: string
  prompts: SnapshotEntry[]
}

/** An API key as shown in lists: never the key, never its hash. */
export interface ApiKeyInfo {
  id: string
  name: string
  prefix: string
  scopes: ApiKeyScope[]
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

/** What `verifyApiKey` returns for a valid, unrevoked key. */
export interface VerifiedApiKey {
  id: string
  name: string
  scopes: ApiKeyScope[]
}
