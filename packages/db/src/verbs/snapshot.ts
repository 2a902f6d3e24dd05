import { and, asc, eq, ne } from 'drizzle-orm'
import type { Database } from '../database'
import { LATEST } from '../internal/validate'
import type { Snapshot, SnapshotEntry } from '../records'
import { promptLabels, prompts, promptVersions } from '../schema'

/**
 * Every prompt at a label (`latest` included), with definitions and digests, in one query,
 * ordered by name. Prompts without that label are left out; retired versions never appear.
 *
 * @example
 * const bundle = await snapshot(db, { label: 'production' })
 */
export async function snapshot(db: Database, input: { label: string }): Promise<Snapshot> {
  const label = String(input.label)
  const columns = {
    name: prompts.name,
    version: promptVersions.version,
    digest: promptVersions.digest,
    status: promptVersions.status,
    definition: promptVersions.definition,
  }
  const visible = ne(promptVersions.status, 'retired')
  const rows: SnapshotEntry[] =
    label === LATEST
      ? await db.drizzle
          .select(columns)
          .from(prompts)
          .innerJoin(
            promptVersions,
            and(
              eq(promptVersions.promptId, prompts.id),
              eq(promptVersions.version, prompts.latestVersion),
            ),
          )
          .where(visible)
          .orderBy(asc(prompts.nameLower))
      : await db.drizzle
          .select(columns)
          .from(promptLabels)
          .innerJoin(prompts, eq(prompts.id, promptLabels.promptId))
          .innerJoin(
            promptVersions,
            and(
              eq(promptVersions.promptId, promptLabels.promptId),
              eq(promptVersions.version, promptLabels.version),
            ),
          )
          .where(and(eq(promptLabels.label, label), visible))
          .orderBy(asc(prompts.nameLower))
  return { label, generatedAt: new Date().toISOString(), prompts: rows }
}
