import { isCanonError } from '@canon/core'
import { beforeAll, expect, it } from 'vitest'
import { LABELS_CHANNEL, type LabelChange } from '../channels'
import { createDatabase } from '../create-database'
import { describeDrivers, publishTestVersion, rejectionOf } from '../testing'
import { labelHistory } from './label-history'
import { moveLabel } from './move-label'
import { resolveLabel } from './resolve-label'
import { setVersionStatus } from './set-version-status'

describeDrivers('moveLabel', (t) => {
  beforeAll(async () => {
    for (const version of [1, 2, 3]) {
      await publishTestVersion(t.ctx(), 'summarize', version, {
        template: `v${version} {{ text }}`,
      })
    }
  })

  it('creates a label with expected: null, then compare-and-sets it', async () => {
    const created = await moveLabel(t.ctx('alice'), {
      name: 'summarize',
      label: 'production',
      version: 1,
      expected: null,
    })
    expect(created).toMatchObject({
      version: 1,
      previousVersion: null,
      changed: true,
      updatedBy: 'alice',
    })

    const moved = await moveLabel(t.ctx('bob'), {
      name: 'SUMMARIZE',
      label: 'production',
      version: 2,
      expected: 1,
    })
    expect(moved).toMatchObject({
      name: 'summarize',
      version: 2,
      previousVersion: 1,
      changed: true,
    })
    const resolved = await resolveLabel(t.db, 'summarize', 'production')
    expect(resolved).toMatchObject({ version: 2, labelUpdatedBy: 'bob' })
    expect(resolved.definition.template).toBe('v2 {{ text }}')
  })

  it('fails the compare-and-set saying where the label actually points', async () => {
    await moveLabel(t.ctx(), { name: 'summarize', label: 'cas', version: 2 })
    const stale = await rejectionOf(
      moveLabel(t.ctx(), { name: 'summarize', label: 'cas', version: 3, expected: 1 }),
    )
    expect(isCanonError(stale) && stale.code).toBe('PRECONDITION_FAILED')
    expect((stale as Error).message).toBe(
      'label cas of summarize points at version 2 (expected version 1)',
    )

    const exists = await rejectionOf(
      moveLabel(t.ctx(), { name: 'summarize', label: 'cas', version: 3, expected: null }),
    )
    expect((exists as Error).message).toContain('points at version 2 (expected it not to exist)')

    const missing = await rejectionOf(
      moveLabel(t.ctx(), { name: 'summarize', label: 'nowhere', version: 3, expected: 2 }),
    )
    expect((missing as Error).message).toContain('does not exist (expected version 2)')
    expect((await resolveLabel(t.db, 'summarize', 'cas')).version).toBe(2)
  })

  it('lets exactly one of concurrent compare-and-sets from the same version win', async () => {
    await moveLabel(t.ctx(), { name: 'summarize', label: 'race', version: 1 })
    const results = await Promise.allSettled(
      [2, 3, 2, 3, 2, 3].map((version) =>
        moveLabel(t.ctx(), { name: 'summarize', label: 'race', version, expected: 1 }),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(isCanonError(r.reason) && r.reason.code).toBe('PRECONDITION_FAILED')
    }
  })

  it('refuses latest, unknown versions, unknown prompts and retired versions', async () => {
    const latest = await rejectionOf(
      moveLabel(t.ctx(), { name: 'summarize', label: 'latest', version: 1 }),
    )
    expect(isCanonError(latest) && latest.code).toBe('BAD_REQUEST')
    const badLabel = await rejectionOf(
      moveLabel(t.ctx(), { name: 'summarize', label: 'Prod!', version: 1 }),
    )
    expect(isCanonError(badLabel) && badLabel.code).toBe('BAD_REQUEST')
    const noVersion = await rejectionOf(
      moveLabel(t.ctx(), { name: 'summarize', label: 'x', version: 9 }),
    )
    expect(isCanonError(noVersion) && noVersion.code).toBe('NOT_FOUND')
    expect((noVersion as Error).message).toBe('summarize has no version 9')
    const noPrompt = await rejectionOf(
      moveLabel(t.ctx(), { name: 'ghost', label: 'x', version: 1 }),
    )
    expect(isCanonError(noPrompt) && noPrompt.code).toBe('NOT_FOUND')

    await publishTestVersion(t.ctx(), 'old', 1)
    await publishTestVersion(t.ctx(), 'old', 2)
    await setVersionStatus(t.ctx(), { name: 'old', version: 1, status: 'retired' })
    const retired = await rejectionOf(
      moveLabel(t.ctx(), { name: 'old', label: 'production', version: 1 }),
    )
    expect(isCanonError(retired) && retired.code).toBe('CONFLICT')
  })

  it('does nothing (and audits nothing) when the label already points there', async () => {
    await moveLabel(t.ctx(), { name: 'summarize', label: 'same', version: 3 })
    const again = await moveLabel(t.ctx(), {
      name: 'summarize',
      label: 'same',
      version: 3,
      expected: 3,
    })
    expect(again.changed).toBe(false)
    expect(await labelHistory(t.db, 'summarize', 'same')).toHaveLength(1)
  })

  it('records the history, newest first, with actors and from/to', async () => {
    await moveLabel(t.ctx('alice'), { name: 'summarize', label: 'staging', version: 1 })
    await moveLabel(t.ctx('bob'), { name: 'summarize', label: 'staging', version: 3 })
    await moveLabel(t.ctx('carol'), { name: 'summarize', label: 'staging', version: 2 })
    const history = await labelHistory(t.db, 'Summarize', 'staging')
    expect(
      history.map(({ actor, fromVersion, toVersion }) => [actor, fromVersion, toVersion]),
    ).toEqual([
      ['carol', 3, 2],
      ['bob', 1, 3],
      ['alice', null, 1],
    ])
    expect(Date.parse(history[0]!.at)).toBeGreaterThanOrEqual(Date.parse(history[2]!.at))
    expect(await labelHistory(t.db, 'summarize', 'never-moved')).toEqual([])
  })

  it('records latest moving on publish in its history', async () => {
    await publishTestVersion(t.ctx('ci'), 'tracked', 1)
    await publishTestVersion(t.ctx('ci'), 'tracked', 2)
    const history = await labelHistory(t.db, 'tracked', 'latest')
    expect(history).toMatchObject([
      { actor: 'ci', fromVersion: 1, toVersion: 2, reason: 'publish' },
      { actor: 'ci', fromVersion: null, toVersion: 1, reason: 'publish' },
    ])
  })

  it('announces a committed move on canon_labels to another connection within a second', async () => {
    // Postgres: a second client on the same database, as another replica would be.
    // PGlite: listeners in the same process.
    const other = t.url ? await createDatabase({ url: t.url }) : t.db
    const received: LabelChange[] = []
    const stop = await other.listen(LABELS_CHANNEL, (payload) => received.push(JSON.parse(payload)))
    try {
      await moveLabel(t.ctx(), { name: 'summarize', label: 'notified', version: 2 })
      const failed = await rejectionOf(
        moveLabel(t.ctx(), { name: 'summarize', label: 'notified', version: 3, expected: 1 }),
      )
      expect(isCanonError(failed)).toBe(true)
      await expect
        .poll(() => received, { timeout: 1000, interval: 20 })
        .toContainEqual({
          name: 'summarize',
          label: 'notified',
          version: 2,
        })
      // The rolled-back attempt announced nothing.
      expect(received.filter((c) => c.label === 'notified')).toHaveLength(1)
    } finally {
      await stop()
      if (other !== t.db) await other.close()
    }
  })
})
