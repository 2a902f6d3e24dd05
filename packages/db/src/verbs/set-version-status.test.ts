import { isCanonError } from '@canon/core'
import { beforeAll, expect, it } from 'vitest'
import { VERSIONS_CHANNEL, type VersionChange } from '../channels'
import { describeDrivers, publishTestVersion, rejectionOf } from '../testing'
import { getVersion } from './get-version'
import { labelHistory } from './label-history'
import { moveLabel } from './move-label'
import { resolveLabel } from './resolve-label'
import { setEvalSummary } from './set-eval-summary'
import { setVersionStatus } from './set-version-status'

describeDrivers('version lifecycle', (t) => {
  beforeAll(async () => {
    for (const version of [1, 2, 3]) await publishTestVersion(t.ctx(), 'lifecycle', version)
  })

  it('deprecates a version: still served, with its status', async () => {
    const result = await setVersionStatus(t.ctx('alice'), {
      name: 'lifecycle',
      version: 1,
      status: 'deprecated',
    })
    expect(result).toMatchObject({
      previousStatus: 'active',
      changed: true,
      version: { status: 'deprecated' },
    })
    const served = await getVersion(t.db, 'LIFECYCLE', 1)
    expect(served.status).toBe('deprecated')
    expect(Date.parse(served.statusChangedAt)).toBeGreaterThanOrEqual(
      Date.parse(served.publishedAt),
    )
    const again = await setVersionStatus(t.ctx(), {
      name: 'lifecycle',
      version: 1,
      status: 'deprecated',
    })
    expect(again.changed).toBe(false)
  })

  it('returns retired versions with status retired (the HTTP layer answers 410)', async () => {
    await setVersionStatus(t.ctx(), { name: 'lifecycle', version: 1, status: 'retired' })
    const retired = await getVersion(t.db, 'lifecycle', 1)
    expect(retired.status).toBe('retired')
    expect(retired.definition.name).toBe('lifecycle')
  })

  it('moves latest below a retired highest version, and back when it returns', async () => {
    const retired = await setVersionStatus(t.ctx('alice'), {
      name: 'lifecycle',
      version: 3,
      status: 'retired',
    })
    expect(retired.latestVersion).toBe(2)
    expect((await resolveLabel(t.db, 'lifecycle', 'latest')).version).toBe(2)
    const history = await labelHistory(t.db, 'lifecycle', 'latest')
    expect(history[0]).toMatchObject({
      actor: 'alice',
      fromVersion: 3,
      toVersion: 2,
      reason: 'status',
    })

    const revived = await setVersionStatus(t.ctx(), {
      name: 'lifecycle',
      version: 3,
      status: 'active',
    })
    expect(revived.latestVersion).toBe(3)
    expect((await resolveLabel(t.db, 'lifecycle', 'latest')).version).toBe(3)
  })

  it('refuses to retire a version a label points at', async () => {
    await moveLabel(t.ctx(), { name: 'lifecycle', label: 'production', version: 2 })
    await moveLabel(t.ctx(), { name: 'lifecycle', label: 'canary', version: 2 })
    const err = await rejectionOf(
      setVersionStatus(t.ctx(), { name: 'lifecycle', version: 2, status: 'retired' }),
    )
    expect(isCanonError(err) && err.code).toBe('CONFLICT')
    expect((err as Error).message).toContain('labels canary, production still point at it')
    expect((await getVersion(t.db, 'lifecycle', 2)).status).toBe('active')
  })

  it('rejects unknown statuses and versions', async () => {
    const bad = await rejectionOf(
      setVersionStatus(t.ctx(), { name: 'lifecycle', version: 2, status: 'archived' as 'retired' }),
    )
    expect(isCanonError(bad) && bad.code).toBe('BAD_REQUEST')
    const missing = await rejectionOf(
      setVersionStatus(t.ctx(), { name: 'lifecycle', version: 7, status: 'retired' }),
    )
    expect(isCanonError(missing) && missing.code).toBe('NOT_FOUND')
    const missingVersion = await rejectionOf(getVersion(t.db, 'lifecycle', 7))
    expect((missingVersion as Error).message).toBe('lifecycle has no version 7')
    const missingPrompt = await rejectionOf(getVersion(t.db, 'nope', 1))
    expect((missingPrompt as Error).message).toBe('prompt nope not found')
  })

  it('announces status and eval summary changes on canon_versions', async () => {
    const received: VersionChange[] = []
    const stop = await t.db.listen(VERSIONS_CHANNEL, (p) => received.push(JSON.parse(p)))
    try {
      await setVersionStatus(t.ctx(), { name: 'lifecycle', version: 2, status: 'deprecated' })
      await setEvalSummary(t.ctx(), { name: 'lifecycle', version: 2, summary: { passRate: 0.8 } })
      await expect.poll(() => received.length, { timeout: 1000 }).toBe(2)
      expect(received).toEqual([
        { name: 'lifecycle', version: 2, status: 'deprecated' },
        { name: 'lifecycle', version: 2, status: 'deprecated' },
      ])
    } finally {
      await stop()
    }
  })

  it('sets, replaces and clears the eval summary slot, leaving the definition alone', async () => {
    const before = await getVersion(t.db, 'lifecycle', 3)
    const set = await setEvalSummary(t.ctx('ci'), {
      name: 'lifecycle',
      version: 3,
      summary: { passRate: 0.95, cases: 40 },
    })
    expect(set.evalSummary).toEqual({ passRate: 0.95, cases: 40 })
    expect(set.digest).toBe(before.digest)
    expect(set.definition).toEqual(before.definition)
    const cleared = await setEvalSummary(t.ctx('ci'), {
      name: 'lifecycle',
      version: 3,
      summary: null,
    })
    expect(cleared.evalSummary).toBeNull()
    const bad = await rejectionOf(
      setEvalSummary(t.ctx(), {
        name: 'lifecycle',
        version: 3,
        summary: 'great' as unknown as null,
      }),
    )
    expect(isCanonError(bad) && bad.code).toBe('BAD_REQUEST')
  })

  it('falls back to the highest version when every version is retired', async () => {
    await publishTestVersion(t.ctx(), 'sunset', 1)
    await publishTestVersion(t.ctx(), 'sunset', 2)
    await setVersionStatus(t.ctx(), { name: 'sunset', version: 2, status: 'retired' })
    await setVersionStatus(t.ctx(), { name: 'sunset', version: 1, status: 'retired' })
    const latest = await resolveLabel(t.db, 'sunset', 'latest')
    expect(latest).toMatchObject({ version: 2, status: 'retired' })
  })
})
