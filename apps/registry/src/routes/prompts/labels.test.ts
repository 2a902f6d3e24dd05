import { expect, it } from 'vitest'
import { describeRegistry, json, publish } from '../../testing/harness'

describeRegistry('labels', (r) => {
  const move = (name: string, label: string, body: unknown) =>
    r.request('PUT', `/v1/prompts/${name}/labels/${label}`, { as: 'label', body })
  const resolve = (name: string, label: string, headers: Record<string, string> = {}) =>
    r.request('GET', `/v1/prompts/${name}/labels/${label}`, { as: 'read', headers })

  it('moves a label and serves the version it points at, with the label in the body', async () => {
    await publish(r, 'Lbl.Basic', 1)
    await publish(r, 'Lbl.Basic', 2)
    const moved = await move('Lbl.Basic', 'production', { version: 1 })
    expect(moved.status).toBe(200)
    expect(await json(moved)).toMatchObject({
      name: 'Lbl.Basic',
      label: 'production',
      version: 1,
      previousVersion: null,
      changed: true,
      updatedBy: 'label-key',
    })
    const res = await resolve('Lbl.Basic', 'production')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(await json(res)).toMatchObject({
      name: 'Lbl.Basic',
      label: 'production',
      version: 1,
      status: 'active',
      kind: 'text',
      definition: { version: 1 },
    })
  })

  it('compare-and-set: 200 when expected matches, 412 naming the actual version otherwise', async () => {
    await publish(r, 'Lbl.Cas', 1)
    await publish(r, 'Lbl.Cas', 2)
    expect((await move('Lbl.Cas', 'production', { version: 1, expected: null })).status).toBe(200)
    const taken = await move('Lbl.Cas', 'production', { version: 2, expected: null })
    expect(taken.status).toBe(412)
    const wrong = await move('Lbl.Cas', 'production', { version: 2, expected: 2 })
    expect(wrong.status).toBe(412)
    expect(wrong.headers.get('content-type')).toBe('application/problem+json')
    expect((await json(wrong)).detail).toContain('1')
    const right = await move('Lbl.Cas', 'production', { version: 2, expected: 1 })
    expect(right.status).toBe(200)
    expect((await json(right)).previousVersion).toBe(1)
    expect((await json(await resolve('Lbl.Cas', 'production'))).version).toBe(2)
  })

  it('answers 404 for a missing label, prompt or version, never a fallback', async () => {
    await publish(r, 'Lbl.Missing', 1)
    expect((await resolve('Lbl.Missing', 'production')).status).toBe(404)
    expect((await resolve('Lbl.Nobody', 'production')).status).toBe(404)
    expect((await move('Lbl.Missing', 'production', { version: 7 })).status).toBe(404)
    expect((await move('Lbl.Nobody', 'production', { version: 1 })).status).toBe(404)
  })

  it('rejects moving `latest` (400) and malformed bodies (422/400)', async () => {
    await publish(r, 'Lbl.Bad', 1)
    expect((await move('Lbl.Bad', 'latest', { version: 1 })).status).toBe(400)
    for (const body of [{}, { version: 0 }, { version: '1' }, { version: 1, expect: 1 }, []]) {
      const res = await move('Lbl.Bad', 'production', body)
      expect(res.status, JSON.stringify(body)).toBe(422)
    }
    expect((await move('Lbl.Bad', 'production', '{"version": ')).status).toBe(400)
    expect((await move('Lbl.Bad', 'Production', { version: 1 })).status).toBe(400)
  })

  it('latest tracks the highest version that is not retired', async () => {
    await publish(r, 'Lbl.Latest', 1)
    expect((await json(await resolve('Lbl.Latest', 'latest'))).version).toBe(1)
    await publish(r, 'Lbl.Latest', 3)
    expect((await json(await resolve('Lbl.Latest', 'latest'))).version).toBe(3)
    await publish(r, 'Lbl.Latest', 2)
    expect((await json(await resolve('Lbl.Latest', 'latest'))).version).toBe(3)
    const retire = await r.request('PATCH', '/v1/prompts/Lbl.Latest/versions/3', {
      as: 'label',
      body: { status: 'retired' },
    })
    expect(retire.status).toBe(200)
    expect((await json(await resolve('Lbl.Latest', 'latest'))).version).toBe(2)
  })

  it('label ETag: 304 while the label stays, a new ETag once it moves', async () => {
    await publish(r, 'Lbl.Etag', 1)
    await publish(r, 'Lbl.Etag', 2)
    await move('Lbl.Etag', 'production', { version: 1 })
    const first = await resolve('Lbl.Etag', 'production')
    const etag = first.headers.get('etag') as string
    expect(etag).toBe(`"${(await json(first)).digest}"`)
    const unchanged = await resolve('Lbl.Etag', 'production', { 'if-none-match': etag })
    expect(unchanged.status).toBe(304)
    expect(unchanged.headers.get('cache-control')).toBe('no-cache')

    await move('Lbl.Etag', 'production', { version: 2 })
    const moved = await resolve('Lbl.Etag', 'production', { 'if-none-match': etag })
    expect(moved.status).toBe(200)
    expect(moved.headers.get('etag')).not.toBe(etag)
    expect((await json(moved)).version).toBe(2)
  })

  it('a label on a deprecated version is served with Deprecation and a changed ETag', async () => {
    await publish(r, 'Lbl.Deprecated', 1)
    await move('Lbl.Deprecated', 'production', { version: 1 })
    const before = await resolve('Lbl.Deprecated', 'production')
    const etag = before.headers.get('etag') as string
    await r.request('PATCH', '/v1/prompts/Lbl.Deprecated/versions/1', {
      as: 'label',
      body: { status: 'deprecated' },
    })
    const after = await resolve('Lbl.Deprecated', 'production', { 'if-none-match': etag })
    expect(after.status).toBe(200)
    expect(after.headers.get('deprecation')).toMatch(/^@\d+$/)
    expect((await json(after)).status).toBe('deprecated')
  })

  it('refuses to retire a version a label points at (409) and to point a label at a retired one', async () => {
    await publish(r, 'Lbl.Retire', 1)
    await publish(r, 'Lbl.Retire', 2)
    await move('Lbl.Retire', 'production', { version: 1 })
    const retire = await r.request('PATCH', '/v1/prompts/Lbl.Retire/versions/1', {
      as: 'label',
      body: { status: 'retired' },
    })
    expect(retire.status).toBe(409)
    await r.request('PATCH', '/v1/prompts/Lbl.Retire/versions/2', {
      as: 'label',
      body: { status: 'retired' },
    })
    expect((await move('Lbl.Retire', 'production', { version: 2 })).status).toBe(409)
  })

  it('history lists who moved a label, when, from and to, newest first', async () => {
    await publish(r, 'Lbl.History', 1)
    await publish(r, 'Lbl.History', 2)
    await move('Lbl.History', 'production', { version: 1 })
    await move('Lbl.History', 'production', { version: 2 })
    await r.request('PUT', '/v1/prompts/Lbl.History/labels/production', {
      as: 'admin',
      body: { version: 1 },
    })
    const res = await r.request('GET', '/v1/prompts/Lbl.History/labels/production/history', {
      as: 'read',
    })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.name).toBe('Lbl.History')
    expect(body.label).toBe('production')
    expect(
      body.history.map((h: { actor: string; fromVersion: number | null; toVersion: number }) => [
        h.actor,
        h.fromVersion,
        h.toVersion,
      ]),
    ).toEqual([
      ['admin-key', 2, 1],
      ['label-key', 1, 2],
      ['label-key', null, 1],
    ])
    expect(Date.parse(body.history[0].at)).toBeGreaterThan(Date.now() - 120_000)

    const limited = await r.request(
      'GET',
      '/v1/prompts/Lbl.History/labels/production/history?limit=1',
      {
        as: 'read',
      },
    )
    expect((await json(limited)).history).toHaveLength(1)
    const badLimit = await r.request(
      'GET',
      '/v1/prompts/Lbl.History/labels/production/history?limit=0',
      {
        as: 'read',
      },
    )
    expect(badLimit.status).toBe(400)
    const unknown = await r.request('GET', '/v1/prompts/Lbl.Nobody/labels/production/history', {
      as: 'read',
    })
    expect(unknown.status).toBe(404)
  })
})
