import { CanonError, type PromptDefinition } from '@canon/core'
import { and, eq, isNull } from 'drizzle-orm'
import { writeAudit } from '../internal/audit'
import { requireActor, type VerbContext } from '../internal/context'
import { refreshLatest } from '../internal/latest'
import { lockPrompt } from '../internal/prompt-lookup'
import {
  assertPromptName,
  assertStorableText,
  assertVersion,
  isPlainObject,
} from '../internal/validate'
import { toPromptVersion, versionColumns } from '../internal/version-row'
import type { EvalSummary, PromptVersion } from '../records'
import { prompts, promptVersions } from '../schema'

export interface PublishVersionInput {
  /** The full normalized definition (with `evaluation`), as `@canon/core` produces it. */
  definition: PromptDefinition
  /** sha256 of the canonical definition without `evaluation` (`@canon/core` computes it). */
  digest: string
  sourceCommit?: string
  sourcePath?: string
  evalSummary?: EvalSummary
}

export interface PublishVersionResult {
  /** `created`: a new row; `unchanged`: this exact content was already published. */
  status: 'created' | 'unchanged'
  version: PromptVersion
}

/**
 * Publishes `definition.name` at `definition.version`. Idempotent: the same digest again is
 * `unchanged`; another digest for an existing version is CONFLICT naming both digests, as is a
 * name that exists with different case. Concurrent publishes of one version resolve to one row.
 * An `unchanged` publish fills the eval summary slot when it is still empty.
 *
 * @example
 * const { status } = await publishVersion({ db, actor: 'ci' }, { definition, digest })
 */
export async function publishVersion(
  ctx: VerbContext,
  input: PublishVersionInput,
): Promise<PublishVersionResult> {
  const actor = requireActor(ctx)
  const { definition, digest } = validate(input)
  const { name, version } = definition

  return ctx.db.drizzle.transaction(async (tx) => {
    // Creating the prompt row first and then locking it serializes every publish of this name:
    // concurrent inserts wait on the unique index, then all queue on the row lock.
    await tx.insert(prompts).values({ name }).onConflictDoNothing({ target: prompts.nameLower })
    const prompt = await lockPrompt(tx, name)
    if (prompt.name !== name) {
      throw new CanonError(
        'CONFLICT',
        `cannot publish ${name}: a prompt named ${prompt.name} exists, and names are unique case-insensitively`,
        { details: { name, existing: prompt.name } },
      )
    }

    const inserted = await tx
      .insert(promptVersions)
      .values({
        promptId: prompt.id,
        version,
        definition,
        digest,
        sourceCommit: input.sourceCommit ?? null,
        sourcePath: input.sourcePath ?? null,
        publishedBy: actor,
        evalSummary: input.evalSummary ?? null,
      })
      .onConflictDoNothing({ target: [promptVersions.promptId, promptVersions.version] })
      .returning(versionColumns)

    const created = inserted[0]
    if (created) {
      await writeAudit(tx, {
        actor,
        action: 'version.publish',
        prompt: name,
        toVersion: version,
        details: { digest, sourceCommit: input.sourceCommit, sourcePath: input.sourcePath },
      })
      await refreshLatest(tx, prompt, actor, 'publish')
      return { status: 'created', version: toPromptVersion(name, created) }
    }

    const where = and(eq(promptVersions.promptId, prompt.id), eq(promptVersions.version, version))
    const [existing] = await tx.select(versionColumns).from(promptVersions).where(where)
    if (!existing) throw new Error(`version ${version} of ${name} vanished during publish`)
    if (existing.digest !== digest) {
      throw new CanonError(
        'CONFLICT',
        `${name} version ${version} is already published with digest ${existing.digest}; this definition has digest ${digest}. Versions are immutable: publish it as a new version.`,
        { details: { name, version, publishedDigest: existing.digest, digest } },
      )
    }
    if (input.evalSummary && existing.evalSummary == null) {
      const [filled] = await tx
        .update(promptVersions)
        .set({ evalSummary: input.evalSummary })
        .where(and(where, isNull(promptVersions.evalSummary)))
        .returning(versionColumns)
      if (filled) return { status: 'unchanged', version: toPromptVersion(name, filled) }
    }
    return { status: 'unchanged', version: toPromptVersion(name, existing) }
  })
}

function validate(input: PublishVersionInput): { definition: PromptDefinition; digest: string } {
  if (!isPlainObject(input) || !isPlainObject(input.definition)) {
    throw new CanonError('BAD_REQUEST', 'publishVersion needs a definition object')
  }
  const definition = input.definition
  assertPromptName(definition.name)
  assertVersion(definition.version)
  if (typeof input.digest !== 'string' || !/^[0-9a-f]{64}$/.test(input.digest)) {
    throw new CanonError(
      'BAD_REQUEST',
      `invalid digest ${JSON.stringify(input.digest)}: expected 64 lower-case hex characters (sha256)`,
    )
  }
  for (const key of ['sourceCommit', 'sourcePath'] as const) {
    const value = input[key]
    if (value !== undefined && (typeof value !== 'string' || value.length > 1024)) {
      throw new CanonError('BAD_REQUEST', `${key} must be a string of at most 1024 characters`)
    }
  }
  if (input.evalSummary !== undefined && !isPlainObject(input.evalSummary)) {
    throw new CanonError('BAD_REQUEST', 'evalSummary must be a JSON object')
  }
  assertStorableText(definition, 'definition')
  assertStorableText(input.evalSummary, 'evalSummary')
  assertStorableText(input.sourceCommit, 'sourceCommit')
  assertStorableText(input.sourcePath, 'sourcePath')
  return { definition, digest: input.digest }
}
