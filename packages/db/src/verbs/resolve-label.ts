import { CanonError } from '@canon/core'
import { and, eq } from 'drizzle-orm'
import type { Database } from '../database'
import { nameMatches, notFound } from '../internal/prompt-lookup'
import { LATEST } from '../internal/validate'
import { toPromptVersion, versionColumns } from '../internal/version-row'
import type { ResolvedLabel } from '../records'
import { promptLabels, prompts, promptVersions } from '../schema'
import { toIso } from '../sql'

/**
 * The version a label points at, with its definition, in one query. `latest` is the highest
 * version that is not retired. A missing label is NOT_FOUND, never a fallback.
 *
 * @example
 * const { version, digest, definition } = await resolveLabel(db, 'summarize_ticket', 'production')
 */
export async function resolveLabel(
  db: Database,
  name: string,
  label: string,
): Promise<ResolvedLabel> {
  const found =
    label === LATEST ? await resolveLatest(db, name) : await resolveStored(db, name, label)
  if (!found) throw notFound(name)
  const { promptName, v, updatedAt, updatedBy } = found
  if (!v) {
    throw new CanonError('NOT_FOUND', `${promptName} has no label ${label}`, {
      details: { name: promptName, label },
    })
  }
  return {
    ...toPromptVersion(promptName, v),
    label,
    // Set whenever the label row exists, which it does when its version was found.
    labelUpdatedAt: toIso(updatedAt ?? v.publishedAt),
    labelUpdatedBy: updatedBy,
  }
}

async function resolveStored(db: Database, name: string, label: string) {
  const [row] = await db.drizzle
    .select({
      promptName: prompts.name,
      updatedAt: promptLabels.updatedAt,
      updatedBy: promptLabels.updatedBy,
      v: versionColumns,
    })
    .from(prompts)
    .leftJoin(
      promptLabels,
      and(eq(promptLabels.promptId, prompts.id), eq(promptLabels.label, String(label))),
    )
    .leftJoin(
      promptVersions,
      and(
        eq(promptVersions.promptId, prompts.id),
        eq(promptVersions.version, promptLabels.version),
      ),
    )
    .where(nameMatches(String(name)))
  return row
}

async function resolveLatest(db: Database, name: string) {
  const [row] = await db.drizzle
    .select({ promptName: prompts.name, updatedAt: prompts.updatedAt, v: versionColumns })
    .from(prompts)
    .leftJoin(
      promptVersions,
      and(
        eq(promptVersions.promptId, prompts.id),
        eq(promptVersions.version, prompts.latestVersion),
      ),
    )
    .where(nameMatches(String(name)))
  return row && { ...row, updatedBy: null }
}
