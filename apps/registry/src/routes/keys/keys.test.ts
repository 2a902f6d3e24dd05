import { createDatabase, type Database } from '@canon/db'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeRegistry, json } from '../../testing/harness'
import type { RegistryApp } from '../deps'

describeRegistry('API keys', (r) => {
  // A second replica with its own connections (on PGlite: its own app on the one database).
  let otherDb: Database | undefined
  let b: RegistryApp
  beforeAll(async () => {
    if (r.url) otherDb = await createDatabase({ url: r.url })
    b = r.newApp(otherDb ?? r.db)
  })
  afterAll(async () => {
    await otherDb?.close()
  })

  const as = (app: RegistryApp, key: string, path: string) =>
    app.request(path, { headers: { authorization: `Bearer ${key}` } })

  it('creates a scoped key shown once, lists it without the key, and it works at once', async () => {
    const created = await r.request('POST', '/v1/keys', {
      as: 'admin',
      body: { name: 'checkout-service', scopes: ['read', 'telemetry'] },
    })
    expect(created.status).toBe(201)
    const key = await json(created)
    expect(key).toMatchObject({
      name: 'checkout-service',
      scopes: ['read', 'telemetry'],
      revokedAt: null,
    })
    expect(key.key).toMatch(/^canon_[A-Za-z0-9]{32}$/)
    expect(key.key.startsWith(key.prefix)).toBe(true)

    const listed = await json(await r.request('GET', '/v1/keys', { as: 'admin' }))
    const row = listed.keys.find((k: { id: string }) => k.id === key.id)
    expect(row).toMatchObject({ name: 'checkout-service', prefix: key.prefix })
    expect(JSON.stringify(listed)).not.toContain(key.key)

    const who = await as(r.app, key.key, '/v1/whoami')
    expect(await json(who)).toEqual({ name: 'checkout-service', scopes: ['read', 'telemetry'] })
    expect((await as(r.app, key.key, '/v1/keys')).status).toBe(403)
  })

  it('revokes a key: 401 at once here, and on the other replica within a second', async () => {
    const { id, key } = await json(
      await r.request('POST', '/v1/keys', {
        as: 'admin',
        body: { name: 'leaked', scopes: ['read'] },
      }),
    )
    // Both replicas have verified (and cached) the key.
    expect((await as(r.app, key, '/v1/prompts')).status).toBe(200)
    expect((await as(b, key, '/v1/prompts')).status).toBe(200)

    const revoked = await r.request('DELETE', `/v1/keys/${id}`, { as: 'admin' })
    expect(revoked.status).toBe(200)
    expect((await json(revoked)).revokedAt).toEqual(expect.any(String))
    expect((await as(r.app, key, '/v1/prompts')).status).toBe(401)

    const started = Date.now()
    while ((await as(b, key, '/v1/prompts')).status !== 401) {
      expect(Date.now() - started).toBeLessThan(1000)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect((await r.request('DELETE', `/v1/keys/${id}`, { as: 'admin' })).status).toBe(200)
  })

  it('needs the admin scope, and rejects bad input with clear problems', async () => {
    expect(
      (await r.request('POST', '/v1/keys', { as: 'label', body: { name: 'x', scopes: ['read'] } }))
        .status,
    ).toBe(403)
    expect((await r.request('GET', '/v1/keys', { as: null })).status).toBe(401)
    const badScope = await r.request('POST', '/v1/keys', {
      as: 'admin',
      body: { name: 'x', scopes: ['root'] },
    })
    expect(badScope.status).toBe(422)
    expect(badScope.headers.get('content-type')).toBe('application/problem+json')
    expect(
      (await r.request('POST', '/v1/keys', { as: 'admin', body: { name: 'x', scopes: [] } }))
        .status,
    ).toBe(422)
    expect((await r.request('DELETE', '/v1/keys/not-a-uuid', { as: 'admin' })).status).toBe(400)
    expect(
      (await r.request('DELETE', '/v1/keys/0b9c6a0e-4f7e-4c1a-9a36-3f8d2c5e9b11', { as: 'admin' }))
        .status,
    ).toBe(404)
  })
})
