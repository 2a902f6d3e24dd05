import { CanonError } from '@canon/core'
import { and, eq, sql } from 'drizzle-orm'
import { writeAudit } from '../internal/audit'
import { requireActor, type VerbContext } from '../internal/context'
import { refreshLatest } from '../internal/latest'
import { notifyVersion } from '../internal/notify'
import { lockPrompt } from '../internal/prompt-lookup'
import { assertPromptName, assertVersion } from '../internal/validate'
import { toPromptVersion, versionColumns } from '../internal/version-row'
import type { PromptVersion, VersionStatus } from '../records'
import { promptLabels, promptVersions, versionStatus } from '../schema'

export interface SetVersionStatusInput {
  name: string
  version: number
  status: VersionStatus
}

export interface SetVersionStatusResult {
  version: PromptVersion
  previousStatus: VersionStatus
  /** False when the version already had this status (nothing written). */
  changed: boolean
  /** Where `latest` points afterwards (retiring the highest version moves it down). */
  latestVersion: number | null
}

/**
 * Moves a version through its lifecycle: `active` ⇄ `deprecated` ⇄ `retired`. Retiring a version
 * a label still points at is CONFLICT (move the label first), so a label never leads to a 410.
 * `latest` skips retired versions. Audited, and announced on `canon_versions`.
 *
 * @example
 * await setVersionStatus({ db, actor: 'alice' }, { name: 'summarize', version: 1, status: 'deprecated' })
 */
export async function setVersionStatus(
  ctx: VerbContext,
  input: SetVersionStatusInput,
): Promise<SetVersionStatusResult> {
  const actor = requireActor(ctx)
  assertPromptName(input.name)
  assertVersion(input.version)
  if (!(versionStatus.enumValues as readonly unknown[]).includes(input.status)) {
    throw new CanonError(
      'BAD_REQUEST',
      `invalid status ${JSON.stringify(input.status)}: expected ${versionStatus.enumValues.join(' | ')}`,
    )
  }
  const { version, status } = input

  return ctx.db.drizzle.transaction(async (tx) => {
    const prompt = await lockPrompt(tx, input.name)
    const name = prompt.name
    const where = and(eq(promptVersions.promptId, prompt.id), eq(promptVersions.version, version))
    const [current] = await tx.select(versionColumns).from(promptVersions).where(where)
    if (!current) {
      throw new CanonError('NOT_FOUND', `${name} has no version ${version}`, {
        details: { name, version },
      })
    }
    if (current.status === status) {
      return {
        version: toPromptVersion(name, current),
        previousStatus: current.status,
        changed: false,
        latestVersion: prompt.latestVersion,
      }
    }
    if (status === 'retired') {
      const labels = await tx
        .select({ label: promptLabels.label })
        .from(promptLabels)
        .where(and(eq(promptLabels.promptId, prompt.id), eq(promptLabels.version, version)))
        .orderBy(promptLabels.label)
      if (labels.length > 0) {
        const list = labels.map((l) => l.label).join(', ')
        throw new CanonError(
          'CONFLICT',
          `cannot retire ${name} version ${version}: label${labels.length > 1 ? 's' : ''} ${list} still point${labels.length > 1 ? '' : 's'} at it; move ${labels.length > 1 ? 'them' : 'it'} first`,
          { details: { name, version, labels: labels.map((l) => l.label) } },
        )
      }
    }

    const [updated] = await tx
      .update(promptVersions)
      .set({ status, statusChangedAt: sql`now()` })
      .where(where)
      .returning(versionColumns)
    await writeAudit(tx, {
      actor,
      action: 'version.status',
      prompt: name,
      toVersion: version,
      details: { from: current.status, to: status },
    })
    await notifyVersion(tx, { name, version, status })
    const latestVersion = await refreshLatest(tx, prompt, actor, 'status')
    return {
      version: toPromptVersion(name, updated!),
      previousStatus: current.status,
      changed: true,
      latestVersion,
    }
  })
}
