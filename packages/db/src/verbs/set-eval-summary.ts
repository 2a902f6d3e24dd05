import { CanonError } from '@canon/core'
import { and, eq } from 'drizzle-orm'
import { writeAudit } from '../internal/audit'
import { requireActor, type VerbContext } from '../internal/context'
import { notifyVersion } from '../internal/notify'
import { lockPrompt } from '../internal/prompt-lookup'
import {
  assertPromptName,
  assertStorableText,
  assertVersion,
  isPlainObject,
} from '../internal/validate'
import { toPromptVersion, versionColumns } from '../internal/version-row'
import type { EvalSummary, PromptVersion } from '../records'
import { promptVersions } from '../schema'

export interface SetEvalSummaryInput {
  name: string
  version: number
  /** The eval report's summary; `null` clears the slot. */
  summary: EvalSummary | null
}

/**
 * Fills (or replaces) a version's eval summary slot, e.g. after a re-evaluation catches prompt
 * rot. The only content change a published version accepts. Audited; announced on `canon_versions`.
 *
 * @example
 * await setEvalSummary({ db, actor: 'ci' }, { name: 'summarize', version: 3, summary: { passRate: 0.97 } })
 */
export async function setEvalSummary(
  ctx: VerbContext,
  input: SetEvalSummaryInput,
): Promise<PromptVersion> {
  const actor = requireActor(ctx)
  assertPromptName(input.name)
  assertVersion(input.version)
  if (input.summary !== null && !isPlainObject(input.summary)) {
    throw new CanonError(
      'BAD_REQUEST',
      'an eval summary must be a JSON object (or null to clear it)',
    )
  }
  assertStorableText(input.summary, 'summary')
  const { version, summary } = input

  return ctx.db.drizzle.transaction(async (tx) => {
    const prompt = await lockPrompt(tx, input.name)
    const name = prompt.name
    const [updated] = await tx
      .update(promptVersions)
      .set({ evalSummary: summary })
      .where(and(eq(promptVersions.promptId, prompt.id), eq(promptVersions.version, version)))
      .returning(versionColumns)
    if (!updated) {
      throw new CanonError('NOT_FOUND', `${name} has no version ${version}`, {
        details: { name, version },
      })
    }
    await writeAudit(tx, {
      actor,
      action: 'version.eval_summary',
      prompt: name,
      toVersion: version,
      details: { cleared: summary === null },
    })
    await notifyVersion(tx, { name, version, status: updated.status })
    return toPromptVersion(name, updated)
  })
}
