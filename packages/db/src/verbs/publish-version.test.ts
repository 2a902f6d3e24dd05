import { isCanonError, promptDigest } from '@canon/core'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { promptVersions } from '../schema'
import {
  type DriverSuite,
  describeDrivers,
  publishTestVersion,
  rejectionOf,
  testDefinition,
} from '../testing'
import { getPrompt } from './get-prompt'
import { publishVersion } from './publish-version'
import { resolveLabel } from './resolve-label'

function publish(
  t: DriverSuite,
  name: string,
  version: number,
  template = 'Summarize: {{ text }}',
) {
  return publishTestVersion(t.ctx('ci'), name, version, { template })
}

describeDrivers('publishVersion', (t) => {
  it('creates a version, then reports the same content as unchanged', async () => {
    const first = await publish(t, 'greet', 1)
    expect(first.status).toBe('created')
    expect(first.version).toMatchObject({
      name: 'greet',
      version: 1,
      status: 'active',
      publishedBy: 'ci',
    })
    expect(first.version.definition.template).toBe('Summarize: {{ text }}')

    const again = await publish(t, 'greet', 1)
    expect(again.status).toBe('unchanged')
    expect(again.version.digest).toBe(first.version.digest)
    expect(again.version.publishedAt).toBe(first.version.publishedAt)
  })

  it('stores the definition with its evaluation block and the provenance', async () => {
    const definition = testDefinition('with_eval', 1, {
      evaluation: {
        dataset: 'with_eval.jsonl',
        assertions: [{ type: 'contains', value: 'ok' }],
        gate: { min_pass_rate: 0.9, margin: 0.05, alpha: 0.05 },
      },
    })
    const { version } = await publishVersion(t.ctx('ci'), {
      definition,
      digest: promptDigest(definition),
      sourceCommit: 'abc123',
      sourcePath: 'prompts/with_eval.yaml',
      evalSummary: { passRate: 1 },
    })
    expect(version.definition.evaluation?.dataset).toBe('with_eval.jsonl')
    expect(version).toMatchObject({
      sourceCommit: 'abc123',
      sourcePath: 'prompts/with_eval.yaml',
      evalSummary: { passRate: 1 },
    })
  })

  it('refuses other content under a published version, naming both digests', async () => {
    const original = await publish(t, 'conflicted', 1)
    const changed = testDefinition('conflicted', 1, { template: 'Changed {{ text }}' })
    const err = await rejectionOf(
      publishVersion(t.ctx(), { definition: changed, digest: promptDigest(changed) }),
    )
    expect(isCanonError(err) && err.code).toBe('CONFLICT')
    expect((err as Error).message).toContain(original.version.digest)
    expect((err as Error).message).toContain(promptDigest(changed))
    const stored = await getPrompt(t.db, 'conflicted')
    expect(stored.versions.map((v) => v.digest)).toEqual([original.version.digest])
  })

  it('keeps names unique case-insensitively', async () => {
    await publish(t, 'CaseSensitive', 1)
    const err = await rejectionOf(publish(t, 'casesensitive', 2))
    expect(isCanonError(err) && err.code).toBe('CONFLICT')
    expect((err as Error).message).toContain('CaseSensitive')
    expect((await getPrompt(t.db, 'CASESENSITIVE')).versions).toHaveLength(1)
  })

  it('resolves 20 concurrent publishes of the same content to one row', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => publish(t, 'racing_same', 1)),
    )
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : r.reason))
    expect(statuses.filter((s) => s === 'created')).toHaveLength(1)
    expect(statuses.filter((s) => s === 'unchanged')).toHaveLength(19)
    expect((await getPrompt(t.db, 'racing_same')).versions).toHaveLength(1)
  })

  it('resolves 20 concurrent publishes of different content to one row and clean conflicts', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        publish(t, 'racing_diff', 1, `Variant ${i}: {{ text }}`),
      ),
    )
    const created = results.filter((r) => r.status === 'fulfilled')
    const rejected = results.filter((r) => r.status === 'rejected')
    expect(created).toHaveLength(1)
    expect(rejected).toHaveLength(19)
    for (const r of rejected) {
      expect(isCanonError(r.reason) && r.reason.code).toBe('CONFLICT')
    }
    const prompt = await getPrompt(t.db, 'racing_diff')
    expect(prompt.versions).toHaveLength(1)
  })

  it('concurrent publishes of a new name in different cases create one prompt', async () => {
    const results = await Promise.allSettled(
      ['Shout', 'shout', 'SHOUT', 'sHoUt'].map((name) => publish(t, name, 1)),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(isCanonError(r.reason) && r.reason.code).toBe('CONFLICT')
    }
  })

  it('moves latest to the highest version, whatever the publish order', async () => {
    await publish(t, 'ordered', 2)
    expect((await resolveLabel(t.db, 'ordered', 'latest')).version).toBe(2)
    await publish(t, 'ordered', 1)
    expect((await resolveLabel(t.db, 'ordered', 'latest')).version).toBe(2)
    await publish(t, 'ordered', 5)
    const latest = await resolveLabel(t.db, 'ordered', 'latest')
    expect(latest).toMatchObject({ version: 5, label: 'latest', labelUpdatedBy: null })
    expect((await getPrompt(t.db, 'ordered')).latestVersion).toBe(5)
  })

  it('fills an empty eval summary slot on an unchanged publish, never overwrites one', async () => {
    await publish(t, 'evals', 1)
    const definition = testDefinition('evals', 1)
    const digest = promptDigest(definition)
    const filled = await publishVersion(t.ctx(), {
      definition,
      digest,
      evalSummary: { passRate: 0.9 },
    })
    expect(filled).toMatchObject({
      status: 'unchanged',
      version: { evalSummary: { passRate: 0.9 } },
    })
    const kept = await publishVersion(t.ctx(), {
      definition,
      digest,
      evalSummary: { passRate: 0.1 },
    })
    expect(kept.version.evalSummary).toEqual({ passRate: 0.9 })
  })

  it('rejects bad input with BAD_REQUEST before touching the database', async () => {
    const good = testDefinition('valid', 1)
    const cases = [
      { definition: testDefinition('1bad', 1), digest: promptDigest(good) },
      { definition: testDefinition('bad_version', 0), digest: promptDigest(good) },
      { definition: testDefinition('bad_version', 1.5), digest: promptDigest(good) },
      { definition: good, digest: '' },
      {
        definition: good,
        digest: promptDigest(good),
        evalSummary: [] as unknown as Record<string, unknown>,
      },
    ]
    for (const input of cases) {
      const err = await rejectionOf(publishVersion(t.ctx(), input))
      expect(isCanonError(err) && err.code).toBe('BAD_REQUEST')
    }
    const noActor = await rejectionOf(
      publishVersion({ db: t.db, actor: ' ' }, { definition: good, digest: promptDigest(good) }),
    )
    expect(isCanonError(noActor) && noActor.code).toBe('BAD_REQUEST')
    const rows = await t.db.drizzle
      .select()
      .from(promptVersions)
      .where(eq(promptVersions.digest, ''))
    expect(rows).toHaveLength(0)
  })
})
