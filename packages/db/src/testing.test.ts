import { expect, it } from 'vitest'
import { describeDrivers, seedPrompts } from './testing'
import { getPrompt } from './verbs/get-prompt'
import { listPrompts } from './verbs/list-prompts'
import { resolveLabel } from './verbs/resolve-label'
import { snapshot } from './verbs/snapshot'

describeDrivers('seedPrompts', (t) => {
  it('bulk-inserts prompts whose versions, labels and latest behave like published ones', async () => {
    expect(await seedPrompts(t.db, { prompts: 250, versionsEach: 3 })).toEqual({
      prompts: 250,
      versions: 750,
    })
    const page = await listPrompts(t.db, { limit: 10 })
    expect(page.items).toHaveLength(10)
    expect(page.items[0]).toMatchObject({
      name: 'seed_000001',
      latestVersion: 3,
      labels: { production: 2, staging: 3 },
      tags: ['seed', 'team-1'],
    })
    expect((await getPrompt(t.db, 'seed_000250')).versions.map((v) => v.version)).toEqual([3, 2, 1])
    const production = await snapshot(t.db, { label: 'production' })
    expect(production.prompts).toHaveLength(250)
    expect(production.prompts[0]?.definition).toMatchObject({ name: 'seed_000001', version: 2 })
    expect((await resolveLabel(t.db, 'seed_000007', 'latest')).digest).toMatch(/^[0-9a-f]{64}$/)
    expect((await listPrompts(t.db, { tag: 'team-3' })).items).toHaveLength(25)
  })
})
