import type { PromptDefinition } from '@canon/core'
import type { EvalSummary, PromptVersion, VersionStatus, VersionSummary } from '../records'
import { promptVersions } from '../schema'
import { toIso } from '../sql'

/** The columns of a version summary, for drizzle selects. */
export const versionSummaryColumns = {
  version: promptVersions.version,
  digest: promptVersions.digest,
  status: promptVersions.status,
  statusChangedAt: promptVersions.statusChangedAt,
  publishedAt: promptVersions.publishedAt,
  publishedBy: promptVersions.publishedBy,
  sourceCommit: promptVersions.sourceCommit,
  sourcePath: promptVersions.sourcePath,
  evalSummary: promptVersions.evalSummary,
}

/** The columns of a full version (summary plus definition). */
export const versionColumns = { ...versionSummaryColumns, definition: promptVersions.definition }

interface SummaryRow {
  version: number
  digest: string
  status: VersionStatus
  statusChangedAt: Date
  publishedAt: Date
  publishedBy: string
  sourceCommit: string | null
  sourcePath: string | null
  evalSummary: unknown
}

export function toVersionSummary(row: SummaryRow): VersionSummary {
  return {
    version: row.version,
    digest: row.digest,
    status: row.status,
    statusChangedAt: toIso(row.statusChangedAt),
    publishedAt: toIso(row.publishedAt),
    publishedBy: row.publishedBy,
    sourceCommit: row.sourceCommit,
    sourcePath: row.sourcePath,
    evalSummary: (row.evalSummary as EvalSummary | null) ?? null,
  }
}

export function toPromptVersion(
  name: string,
  row: SummaryRow & { definition: PromptDefinition },
): PromptVersion {
  return { name, ...toVersionSummary(row), definition: row.definition }
}
