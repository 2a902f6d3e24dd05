import { isCanonError } from '@canon/core'
import { beforeAll, expect, it } from 'vitest'
import { describeDrivers, publishTestVersion, rejectionOf } from '../testing'
import { moveLabel } from './move-label'
import { resolveLabel } from './resolve-label'
import { setVersionStatus } from './set-version-status'
import { snapshot } from './snapshot'

describeDrivers('snapshot and resolveLabel', (t) => {
  beforeAll(async () => {
    for (const v of [1, 2]) await publishTestVersion(t.ctx(), 'one', v, { template: `one v${v}` })
    for (const v of [1, 2, 3])
      await publishTestVersion(t.ctx(), 'Two', v, { template: `two v${v}` })
    await publishTestVersion(t.ctx(), 'three', 1)
    await moveLabel(t.ctx(), { name: 'one', label: 'production', version: 1 })
    await moveLabel(t.ctx(), { name: 'two', label: 'production', version: 3 })
    await setVersionStatus(t.ctx(), { name: 'two', version: 2, status: 'retired' })
  })

  it('returns every prompt at a label with definitions and digests', async () => {
    const production = await snapshot(t.db, { label: 'production' })
    expect(production.label).toBe('production')
    expect(production.prompts.map((p) => [p.name, p.version, p.definition.template])).toEqual([
      ['one', 1, 'one v1'],
      ['Two', 3, 'two v3'],
    ])
    for (const entry of production.prompts) {
      const resolved = await resolveLabel(t.db, entry.name, 'production')
      expect(entry.digest).toBe(resolved.digest)
    }
  })

  it('snapshots latest across all prompts', async () => {
    const latest = await snapshot(t.db, { label: 'latest' })
    expect(latest.prompts.map((p) => [p.name, p.version])).toEqual([
      ['one', 2],
      ['three', 1],
      ['Two', 3],
    ])
  })

  it('is empty for a label nobody uses', async () => {
    expect((await snapshot(t.db, { label: 'nobody' })).prompts).toEqual([])
  })

  it('resolves a label to its version, and a missing label to NOT_FOUND, never a fallback', async () => {
    const resolved = await resolveLabel(t.db, 'ONE', 'production')
    expect(resolved).toMatchObject({
      name: 'one',
      label: 'production',
      version: 1,
      labelUpdatedBy: 'test',
    })
    const missing = await rejectionOf(resolveLabel(t.db, 'three', 'production'))
    expect(isCanonError(missing) && missing.code).toBe('NOT_FOUND')
    expect((missing as Error).message).toBe('three has no label production')
    const noPrompt = await rejectionOf(resolveLabel(t.db, 'four', 'production'))
    expect((noPrompt as Error).message).toBe('prompt four not found')
  })
})
