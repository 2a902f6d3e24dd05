import { asc, desc, eq } from 'drizzle-orm'
import type { Database } from '../database'
import { nameMatches, notFound } from '../internal/prompt-lookup'
import { toVersionSummary, versionSummaryColumns } from '../internal/version-row'
import type { PromptDetail } from '../records'
import { promptLabels, prompts, promptVersions } from '../schema'
import { toIso } from '../sql'

/**
 * One prompt (any case of its name): metadata of the latest version, every version (newest
 * first, without definitions) and its labels. NOT_FOUND when missing.
 *
 * @example
 * const prompt = await getPrompt(db, 'summarize_ticket')
 */
export async function getPrompt(db: Database, name: string): Promise<PromptDetail> {
  const [prompt] = await db.drizzle
    .select()
    .from(prompts)
    .where(nameMatches(String(name)))
  if (!prompt) throw notFound(name)
  // Labels before versions: versions are never deleted, so every label read here finds its version.
  const labels = await db.drizzle
    .select()
    .from(promptLabels)
    .where(eq(promptLabels.promptId, prompt.id))
    .orderBy(asc(promptLabels.label))
  const versions = await db.drizzle
    .select(versionSummaryColumns)
    .from(promptVersions)
    .where(eq(promptVersions.promptId, prompt.id))
    .orderBy(desc(promptVersions.version))
  return {
    name: prompt.name,
    description: prompt.description,
    tags: prompt.tags,
    latestVersion: prompt.latestVersion,
    createdAt: toIso(prompt.createdAt),
    updatedAt: toIso(prompt.updatedAt),
    versions: versions.map(toVersionSummary),
    labels: labels.map((l) => ({
      label: l.label,
      version: l.version,
      updatedAt: toIso(l.updatedAt),
      updatedBy: l.updatedBy,
    })),
  }
}
