import { OpenAPIHono } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../../http/app-env'
import type { RegistryApp } from '../deps'
import { registerApiReference } from './api-reference'

function docsApp(): RegistryApp {
  const app: RegistryApp = new OpenAPIHono<AppEnv>()
  registerApiReference(app)
  return app
}

/** Every `src`/`href` the page loads. */
const references = (html: string) =>
  [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string)

// The rendering itself, with the network to anything but the registry blocked, is checked in
// Chromium by apps/dashboard/test/rendering.browser.test.ts.
describe('GET /docs', () => {
  const app = docsApp()

  it('loads nothing from another origin, and its CSP forbids it', async () => {
    const res = await app.request('/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self';")
    const html = await res.text()
    const refs = references(html)
    expect(refs).toContain('/docs/assets/swagger-ui-bundle.js')
    for (const ref of refs) expect(ref, ref).toMatch(/^\/[^/]/)
    expect(html).not.toMatch(/<script>[^<]/) // no inline script: the CSP would block it
  })

  it('serves the page’s scripts and stylesheet from swagger-ui-dist, gzipped when accepted', async () => {
    const html = await (await app.request('/docs')).text()
    for (const ref of references(html).filter((r) => r.startsWith('/docs/assets/'))) {
      const res = await app.request(ref)
      expect(res.status, ref).toBe(200)
      expect(res.headers.get('content-type'), ref).toMatch(
        ref.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      )
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
    const bundle = await app.request('/docs/assets/swagger-ui-bundle.js', {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(bundle.headers.get('content-encoding')).toBe('gzip')
    const plain = await app.request('/docs/assets/swagger-ui-bundle.js')
    expect((await plain.arrayBuffer()).byteLength).toBeGreaterThan(500_000)
    const init = await (await app.request('/docs/assets/init.js')).text()
    expect(init).toContain("url: '/openapi.json'")
    expect(init).toContain('validatorUrl: null')
  })

  it('answers 304 to a matching If-None-Match and 404 for files it does not ship', async () => {
    const first = await app.request('/docs/assets/swagger-ui.css')
    const etag = first.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"/)
    const again = await app.request('/docs/assets/swagger-ui.css', {
      headers: { 'if-none-match': etag },
    })
    expect(again.status).toBe(304)
    for (const path of ['/docs/assets/package.json', '/docs/assets/..%2Fpackage.json']) {
      expect((await app.request(path)).status, path).toBe(404)
    }
  })
})
