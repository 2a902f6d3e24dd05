import { expect, it } from 'vitest'
import { describeRegistry, json, promptYaml, publish } from '../../testing/harness'

describeRegistry('GET /v1/prompts and /v1/prompts/{name}', (r) => {
  const tagged = (name: string, tag: string) =>
    r.request('PUT', `/v1/prompts/${name}/versions/1`, {
      body: `${promptYaml(name, 1)}tags: [${tag}]\ndescription: ${name} does things\n`,
      contentType: 'application/yaml',
    })

  it('lists prompts by name with latest version, labels, tags and description', async () => {
    expect((await tagged('List.Alpha', 'support')).status).toBe(201)
    expect((await tagged('List.Beta', 'billing')).status).toBe(201)
    await publish(r, 'List.Alpha', 2)
    await r.request('PUT', '/v1/prompts/List.Alpha/labels/production', { body: { version: 1 } })

    const res = await r.request('GET', '/v1/prompts?search=list.', { as: 'read' })
    expect(res.status).toBe(200)
    const page = await json(res)
    expect(page.nextCursor).toBeNull()
    expect(page.prompts.map((p: { name: string }) => p.name)).toEqual(['List.Alpha', 'List.Beta'])
    expect(page.prompts[0]).toMatchObject({
      name: 'List.Alpha',
      latestVersion: 2,
      labels: { production: 1 },
    })
  })

  it('filters by tag and pages with nextCursor', async () => {
    for (const name of ['Page.A', 'Page.B', 'Page.C']) await tagged(name, 'paged')
    const first = await json(
      await r.request('GET', '/v1/prompts?tag=paged&limit=2', { as: 'read' }),
    )
    expect(first.prompts.map((p: { name: string }) => p.name)).toEqual(['Page.A', 'Page.B'])
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = await json(
      await r.request(
        'GET',
        `/v1/prompts?tag=paged&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`,
        {
          as: 'read',
        },
      ),
    )
    expect(second.prompts.map((p: { name: string }) => p.name)).toEqual(['Page.C'])
    expect(second.nextCursor).toBeNull()
  })

  it('answers 400 for bad limits and cursors', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=abc', 'cursor=%%%garbage']) {
      const res = await r.request('GET', `/v1/prompts?${query}`, { as: 'read' })
      expect(res.status, query).toBe(400)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
    }
  })

  it('shows one prompt with its versions (newest first) and labels', async () => {
    await publish(r, 'Detail.One', 1)
    await publish(r, 'Detail.One', 2)
    await r.request('PUT', '/v1/prompts/Detail.One/labels/staging', { body: { version: 2 } })
    const res = await r.request('GET', '/v1/prompts/detail.one', { as: 'read' })
    expect(res.status).toBe(200)
    const prompt = await json(res)
    expect(prompt.name).toBe('Detail.One')
    expect(prompt.latestVersion).toBe(2)
    expect(prompt.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
    expect(prompt.versions[0].definition).toBeUndefined()
    expect(prompt.labels).toEqual([
      expect.objectContaining({ label: 'staging', version: 2, updatedBy: 'admin-key' }),
    ])
    expect((await r.request('GET', '/v1/prompts/Detail.Nobody', { as: 'read' })).status).toBe(404)
  })
})
