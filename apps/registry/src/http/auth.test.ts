import { type ApiKeyScope, revokeApiKey, verifyApiKey } from '@canon/db'
import { beforeAll, expect, it } from 'vitest'
import { ALL_SCOPES, describeRegistry, json, promptYaml, publish } from '../testing/harness'

interface RouteCase {
  method: string
  path: string
  /** OpenAPI path template, to check the matrix covers every documented route. */
  template: string
  scope: ApiKeyScope
  body?: unknown
  contentType?: string
}

const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/v1/prompts', template: '/v1/prompts', scope: 'read' },
  { method: 'GET', path: '/v1/prompts/Auth.P', template: '/v1/prompts/{name}', scope: 'read' },
  {
    method: 'GET',
    path: '/v1/prompts/Auth.P/versions/1',
    template: '/v1/prompts/{name}/versions/{version}',
    scope: 'read',
  },
  {
    method: 'GET',
    path: '/v1/prompts/Auth.P/labels/latest',
    template: '/v1/prompts/{name}/labels/{label}',
    scope: 'read',
  },
  {
    method: 'GET',
    path: '/v1/prompts/Auth.P/labels/production/history',
    template: '/v1/prompts/{name}/labels/{label}/history',
    scope: 'read',
  },
  { method: 'GET', path: '/v1/snapshot?label=production', template: '/v1/snapshot', scope: 'read' },
  {
    method: 'PUT',
    path: '/v1/prompts/Auth.P/versions/1',
    template: '/v1/prompts/{name}/versions/{version}',
    scope: 'publish',
    body: promptYaml('Auth.P', 1),
    contentType: 'application/yaml',
  },
  {
    method: 'PUT',
    path: '/v1/prompts/Auth.P/labels/production',
    template: '/v1/prompts/{name}/labels/{label}',
    scope: 'label',
    body: { version: 1 },
  },
  {
    method: 'PATCH',
    path: '/v1/prompts/Auth.P/versions/1',
    template: '/v1/prompts/{name}/versions/{version}',
    scope: 'label',
    body: { status: 'active' },
  },
]

const PUBLIC = ['/healthz', '/readyz', '/openapi.json', '/docs']

describeRegistry('authorization', (r) => {
  beforeAll(async () => {
    await publish(r, 'Auth.P', 1)
  })

  const call = (route: RouteCase, auth: { as?: ApiKeyScope | null; authorization?: string }) =>
    r.request(route.method, route.path, {
      ...auth,
      ...(route.body !== undefined ? { body: route.body } : {}),
      ...(route.contentType ? { contentType: route.contentType } : {}),
    })

  it('every secured route of /openapi.json answers 401 without a key or with a bad one', async () => {
    const doc = await json(await r.request('GET', '/openapi.json', { as: null }))
    const secured: Array<[string, string]> = []
    for (const [template, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { security?: unknown[] }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        if (op.security?.length) secured.push([method.toUpperCase(), template])
      }
    }
    // This routes are all there, and each has the full scope matrix below.
    const documented = new Set(secured.map(([method, template]) => `${method} ${template}`))
    for (const route of ROUTES)
      expect(documented, route.template).toContain(`${route.method} ${route.template}`)

    const values: Record<string, string> = { name: 'Auth.P', version: '1', label: 'production' }
    for (const [method, template] of secured) {
      const path = template.replace(/\{(\w+)\}/g, (_, param: string) => values[param] ?? 'x')
      for (const auth of [
        { as: null },
        { authorization: 'Bearer canon_doesnotexist0000000000000' },
      ]) {
        const res = await r.request(method, path, auth)
        expect(res.status, `${method} ${path}`).toBe(401)
        expect(res.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Bearer /)
      }
    }
  })

  for (const route of ROUTES) {
    const label = `${route.method} ${route.path}`

    it(`${label}: 401 with WWW-Authenticate without a key or with a bad one`, async () => {
      const missing = await call(route, { as: null })
      expect(missing.status).toBe(401)
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="canon"')
      expect(missing.headers.get('content-type')).toBe('application/problem+json')
      for (const authorization of [
        'Bearer canon_doesnotexist0000000000000',
        'Basic dXNlcjpwYXNz',
        'Bearer',
        'Bearer a b',
        'Bearer short',
        `Bearer ${'x'.repeat(600)}`,
      ]) {
        const bad = await call(route, { authorization })
        expect(bad.status, authorization).toBe(401)
        expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"')
      }
    })

    it(`${label}: needs \`${route.scope}\` (or admin); other scopes get 403`, async () => {
      for (const scope of ALL_SCOPES) {
        const res = await call(route, { as: scope })
        const allowed = scope === route.scope || scope === 'admin'
        if (allowed) {
          expect(res.status, `${scope}: ${await res.clone().text()}`).toBeLessThan(400)
        } else {
          expect(res.status, scope).toBe(403)
          expect(res.headers.get('www-authenticate')).toContain(`scope="${route.scope}"`)
          expect((await json(res)).detail).toContain(route.scope)
        }
      }
    })
  }

  it('public routes answer without a key', async () => {
    for (const path of PUBLIC) {
      const res = await r.request('GET', path, { as: null })
      expect(res.status, path).toBe(200)
    }
  })

  it('a revoked key is refused (by a replica that has not cached it)', async () => {
    const key = r.keys.read
    const verified = await verifyApiKey(r.db, key)
    expect(verified).not.toBeNull()
    const other = r.newApp()
    await revokeApiKey(r.db, { id: verified?.id as string, actor: 'test' })
    const res = await other.request('/v1/prompts', { headers: { authorization: `Bearer ${key}` } })
    expect(res.status).toBe(401)
  })
})
