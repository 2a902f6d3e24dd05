import { desc, eq, ne, sql } from 'drizzle-orm'
import { prompts, promptVersions } from '../schema'
import { writeAudit } from './audit'
import { notifyLabel } from './notify'
import type { PromptRow } from './prompt-lookup'
import type { Transaction } from './transaction'
import { isPlainObject, LATEST } from './validate'

/**
 * Recomputes `latest` (the highest version that is not retired; the highest version when all
 * are) and the listing cache on `prompts` (description, tags). When `latest` moves, writes a
 * `label.move` audit row for it and notifies. The caller holds the prompt's row lock.
 */
export async function refreshLatest(
  tx: Transaction,
  prompt: PromptRow,
  actor: string,
  reason: 'publish' | 'status',
): Promise<number | null> {
  const [top] = await tx
    .select({ version: promptVersions.version, definition: promptVersions.definition })
    .from(promptVersions)
    .where(eq(promptVersions.promptId, prompt.id))
    .orderBy(desc(ne(promptVersions.status, 'retired')), desc(promptVersions.version))
    .limit(1)
  if (!top || top.version === prompt.latestVersion) return prompt.latestVersion

  const def = top.definition as unknown
  const description =
    isPlainObject(def) && typeof def.description === 'string' ? def.description : null
  const tags =
    isPlainObject(def) && Array.isArray(def.tags)
      ? def.tags.filter((t): t is string => typeof t === 'string')
      : []
  await tx
    .update(prompts)
    .set({ latestVersion: top.version, description, tags, updatedAt: sql`now()` })
    .where(eq(prompts.id, prompt.id))
  await writeAudit(tx, {
    actor,
    action: 'label.move',
    prompt: prompt.name,
    label: LATEST,
    fromVersion: prompt.latestVersion,
    toVersion: top.version,
    details: { reason },
  })
  await notifyLabel(tx, { name: prompt.name, label: LATEST, version: top.version })
  return top.version
}
