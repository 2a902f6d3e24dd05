import { expect, it } from 'vitest'
import { describeRegistry, json, publish } from '../../testing/harness'

describeRegistry('GET /v1/snapshot', (r) => {
  const snapshot = (query: string, headers: Record<string, string> = {}) =>
    r.request('GET', `/v1/snapshot?${query}`, { as: 'read', headers })

  it('returns every prompt at a label with definitions, and revalidates by ETag', async () => {
    await publish(r, 'Snap.A', 1)
    await publish(r, 'Snap.A', 2)
    await publish(r, 'Snap.B', 1)
    await publish(r, 'Snap.C', 1)
    await r.request('PUT', '/v1/prompts/Snap.A/labels/production', { body: { version: 1 } })
    await r.request('PUT', '/v1/prompts/Snap.B/labels/production', { body: { version: 1 } })

    const res = await snapshot('label=production')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    const body = await json(res)
    expect(body.label).toBe('production')
    expect(body.prompts.map((p: { name: string; version: number }) => [p.name, p.version])).toEqual(
      [
        ['Snap.A', 1],
        ['Snap.B', 1],
      ],
    )
    expect(body.prompts[0]).toMatchObject({
      label: 'production',
      kind: 'text',
      status: 'active',
      definition: { name: 'Snap.A', version: 1 },
    })

    const etag = res.headers.get('etag') as string
    expect((await snapshot('label=production', { 'if-none-match': etag })).status).toBe(304)
    await r.request('PUT', '/v1/prompts/Snap.A/labels/production', { body: { version: 2 } })
    const moved = await snapshot('label=production', { 'if-none-match': etag })
    expect(moved.status).toBe(200)
    expect((await json(moved)).prompts[0].version).toBe(2)
  })

  it('serves `latest` and an empty list for an unused label; 400 without or with a bad label', async () => {
    await publish(r, 'Snap.Latest', 1)
    const latest = await json(await snapshot('label=latest'))
    expect(latest.prompts.some((p: { name: string }) => p.name === 'Snap.Latest')).toBe(true)
    expect((await json(await snapshot('label=nobody-uses-this'))).prompts).toEqual([])
    expect((await snapshot('')).status).toBe(400)
    expect((await snapshot('label=Not%20A%20Label')).status).toBe(400)
  })
})
