import { expect, it } from 'vitest'
import { ALL_SCOPES, describeRegistry, json } from '../../testing/harness'

describeRegistry('GET /v1/whoami', (r) => {
  it('names the presented key and its scopes, whatever they are', async () => {
    for (const scope of ALL_SCOPES) {
      const res = await r.request('GET', '/v1/whoami', { as: scope })
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(await json(res)).toEqual({ name: `${scope}-key`, scopes: [scope] })
    }
  })

  it('answers 401 problem+json without a valid key', async () => {
    const missing = await r.request('GET', '/v1/whoami', { as: null })
    expect(missing.status).toBe(401)
    expect(missing.headers.get('content-type')).toContain('application/problem+json')
    expect((await json(missing)).detail).toContain('missing API key')

    const unknown = await r.request('GET', '/v1/whoami', {
      authorization: 'Bearer canon_unknown-key-0000000000',
    })
    expect(unknown.status).toBe(401)
    expect((await json(unknown)).detail).toContain('invalid or revoked')

    const malformed = await r.request('GET', '/v1/whoami', { authorization: 'Basic abc' })
    expect(malformed.status).toBe(401)
  })

  it('is documented in /openapi.json', async () => {
    const doc = await json(await r.request('GET', '/openapi.json', { as: null }))
    expect(doc.paths['/v1/whoami'].get.operationId).toBe('whoami')
  })
})
