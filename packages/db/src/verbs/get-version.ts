import { CanonError } from '@canon/core'
import { and, eq } from 'drizzle-orm'
import type { Database } from '../database'
import { nameMatches, notFound } from '../internal/prompt-lookup'
import { assertVersion } from '../internal/validate'
import { toPromptVersion, versionColumns } from '../internal/version-row'
import type { PromptVersion } from '../records'
import { prompts, promptVersions } from '../schema'

/**
 * One version with its definition. Retired versions are returned too, with `status: 'retired'`:
 * the HTTP layer answers 410 for them (and adds `Deprecation` for deprecated ones).
 * NOT_FOUND when the prompt or the version does not exist.
 *
 * @example
 * const v = await getVersion(db, 'summarize_ticket', 2)
 * if (v.status === 'retired') throw new CanonError('GONE', `${v.name} version 2 is retired`)
 */
export async function getVersion(
  db: Database,
  name: string,
  version: number,
): Promise<PromptVersion> {
  assertVersion(version)
  const [row] = await db.drizzle
    .select({ name: prompts.name, v: versionColumns })
    .from(prompts)
    .leftJoin(
      promptVersions,
      and(eq(promptVersions.promptId, prompts.id), eq(promptVersions.version, version)),
    )
    .where(nameMatches(String(name)))
  if (!row) throw notFound(name)
  if (!row.v) {
    throw new CanonError('NOT_FOUND', `${row.name} has no version ${version}`, {
      details: { name: row.name, version },
    })
  }
  return toPromptVersion(row.name, row.v)
}
