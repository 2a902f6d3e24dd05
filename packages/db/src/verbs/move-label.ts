import { CanonError } from '@canon/core'
import { and, eq, sql } from 'drizzle-orm'
import { writeAudit } from '../internal/audit'
import { requireActor, type VerbContext } from '../internal/context'
import { notifyLabel } from '../internal/notify'
import { lockPrompt } from '../internal/prompt-lookup'
import { assertLabelName, assertPromptName, assertVersion, LATEST } from '../internal/validate'
import type { LabelPointer } from '../records'
import { promptLabels, promptVersions } from '../schema'
import { toIso } from '../sql'

export interface MoveLabelInput {
  name: string
  label: string
  version: number
  /**
   * Compare-and-set: the version the caller believes the label points at, or `null` for
   * "the label must not exist yet". Omit to move unconditionally.
   */
  expected?: number | null
}

export interface MoveLabelResult extends LabelPointer {
  /** The prompt's canonical name. */
  name: string
  /** Where the label pointed before; null when it was just created. */
  previousVersion: number | null
  /** False when the label already pointed at `version` (nothing written, nothing audited). */
  changed: boolean
}

/**
 * Points a label at a version (promote, roll back). PRECONDITION_FAILED when `expected` does not
 * match, saying where the label actually points; NOT_FOUND for an unknown prompt or version;
 * CONFLICT for a retired version; BAD_REQUEST for `latest`, which moves by itself.
 * Audited with from/to and announced on `canon_labels` when it commits.
 *
 * @example
 * await moveLabel({ db, actor: 'alice' }, { name: 'summarize', label: 'production', version: 3, expected: 2 })
 */
export async function moveLabel(ctx: VerbContext, input: MoveLabelInput): Promise<MoveLabelResult> {
  const actor = requireActor(ctx)
  assertPromptName(input.name)
  if (input.label === LATEST) {
    throw new CanonError(
      'BAD_REQUEST',
      'latest is a reserved label: it always points at the highest version and cannot be moved',
    )
  }
  assertLabelName(input.label)
  assertVersion(input.version)
  const { label, version, expected } = input
  if (expected !== undefined && expected !== null) assertVersion(expected)

  return ctx.db.drizzle.transaction(async (tx) => {
    const prompt = await lockPrompt(tx, input.name)
    const name = prompt.name
    const [target] = await tx
      .select({ status: promptVersions.status })
      .from(promptVersions)
      .where(and(eq(promptVersions.promptId, prompt.id), eq(promptVersions.version, version)))
    if (!target) {
      throw new CanonError('NOT_FOUND', `${name} has no version ${version}`, {
        details: { name, version },
      })
    }
    if (target.status === 'retired') {
      throw new CanonError(
        'CONFLICT',
        `${name} version ${version} is retired; a label cannot point at it`,
        {
          details: { name, version, status: target.status },
        },
      )
    }

    const labelWhere = and(eq(promptLabels.promptId, prompt.id), eq(promptLabels.label, label))
    const [current] = await tx.select().from(promptLabels).where(labelWhere)
    const actual = current?.version ?? null
    if (expected !== undefined && expected !== actual) {
      throw new CanonError(
        'PRECONDITION_FAILED',
        preconditionMessage(name, label, expected, actual),
        {
          details: { name, label, expected, actual },
        },
      )
    }
    if (current && actual === version) {
      return {
        name,
        label,
        version,
        previousVersion: actual,
        changed: false,
        updatedAt: toIso(current.updatedAt),
        updatedBy: current.updatedBy,
      }
    }

    const [moved] = await tx
      .insert(promptLabels)
      .values({ promptId: prompt.id, label, version, updatedBy: actor })
      .onConflictDoUpdate({
        target: [promptLabels.promptId, promptLabels.label],
        set: { version, updatedBy: actor, updatedAt: sql`now()` },
      })
      .returning({ updatedAt: promptLabels.updatedAt })
    await writeAudit(tx, {
      actor,
      action: 'label.move',
      prompt: name,
      label,
      fromVersion: actual,
      toVersion: version,
    })
    await notifyLabel(tx, { name, label, version })
    return {
      name,
      label,
      version,
      previousVersion: actual,
      changed: true,
      updatedAt: toIso(moved!.updatedAt),
      updatedBy: actor,
    }
  })
}

function preconditionMessage(
  name: string,
  label: string,
  expected: number | null,
  actual: number | null,
): string {
  const now = actual === null ? 'does not exist' : `points at version ${actual}`
  const wanted = expected === null ? 'expected it not to exist' : `expected version ${expected}`
  return `label ${label} of ${name} ${now} (${wanted})`
}
