import { isCanonError } from '@canon/core'
import { beforeAll, expect, it } from 'vitest'
import { describeDrivers, publishTestVersion, rejectionOf } from '../testing'
import { getPrompt } from './get-prompt'
import { listPrompts } from './list-prompts'
import { moveLabel } from './move-label'

describeDrivers('listPrompts and getPrompt', (t) => {
  beforeAll(async () => {
    await publishTestVersion(t.ctx(), 'Alpha', 1, { tags: ['support'], description: 'first' })
    await publishTestVersion(t.ctx(), 'Alpha', 2, {
      tags: ['support', 'email'],
      description: 'second',
    })
    await publishTestVersion(t.ctx(), 'beta', 1, { tags: ['sales'] })
    await publishTestVersion(t.ctx(), 'gamma_x', 1, { tags: ['support'] })
    await publishTestVersion(t.ctx(), 'gammaxx', 1, { tags: [] })
    await moveLabel(t.ctx(), { name: 'alpha', label: 'production', version: 1 })
    await moveLabel(t.ctx(), { name: 'alpha', label: 'staging', version: 2 })
  })

  it('lists prompts by name with latest version, labels, and the latest description and tags', async () => {
    const { items, nextCursor } = await listPrompts(t.db)
    expect(items.map((p) => p.name)).toEqual(['Alpha', 'beta', 'gamma_x', 'gammaxx'])
    expect(nextCursor).toBeNull()
    expect(items[0]).toMatchObject({
      latestVersion: 2,
      description: 'second',
      tags: ['support', 'email'],
      labels: { production: 1, staging: 2 },
    })
    expect(items[1]?.labels).toEqual({})
  })

  it('filters by tag of the latest version and searches names case-insensitively', async () => {
    const support = await listPrompts(t.db, { tag: 'support' })
    expect(support.items.map((p) => p.name)).toEqual(['Alpha', 'gamma_x'])
    expect((await listPrompts(t.db, { tag: 'email' })).items.map((p) => p.name)).toEqual(['Alpha'])
    expect((await listPrompts(t.db, { search: 'ALP' })).items.map((p) => p.name)).toEqual(['Alpha'])
    // `_` is a literal character, not a LIKE wildcard.
    expect((await listPrompts(t.db, { search: 'gamma_' })).items.map((p) => p.name)).toEqual([
      'gamma_x',
    ])
    expect((await listPrompts(t.db, { search: 'zzz' })).items).toEqual([])
  })

  it('pages with an opaque cursor', async () => {
    const first = await listPrompts(t.db, { limit: 3 })
    expect(first.items.map((p) => p.name)).toEqual(['Alpha', 'beta', 'gamma_x'])
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = await listPrompts(t.db, { limit: 3, cursor: first.nextCursor! })
    expect(second.items.map((p) => p.name)).toEqual(['gammaxx'])
    expect(second.nextCursor).toBeNull()
  })

  it('rejects a bad limit or cursor with BAD_REQUEST', async () => {
    for (const input of [{ limit: 0 }, { limit: 501 }, { cursor: 'not a cursor!' }, { tag: '' }]) {
      const err = await rejectionOf(listPrompts(t.db, input))
      expect(isCanonError(err) && err.code).toBe('BAD_REQUEST')
    }
  })

  it('gets one prompt by any case of its name, versions newest first, labels', async () => {
    const prompt = await getPrompt(t.db, 'ALPHA')
    expect(prompt.name).toBe('Alpha')
    expect(prompt.versions.map((v) => v.version)).toEqual([2, 1])
    expect(prompt.versions[0]).toMatchObject({ status: 'active', publishedBy: 'test' })
    expect(prompt.labels.map((l) => [l.label, l.version])).toEqual([
      ['production', 1],
      ['staging', 2],
    ])
    const missing = await rejectionOf(getPrompt(t.db, 'delta'))
    expect(isCanonError(missing) && missing.code).toBe('NOT_FOUND')
  })
})
