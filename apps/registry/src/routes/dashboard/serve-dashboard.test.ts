import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { OpenAPIHono } from '@hono/zod-openapi'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createApp } from '../../app'
import type { AppEnv } from '../../http/app-env'
import { silentLogger } from '../../logger'
import { describeRegistry } from '../../testing/harness'
import type { RegistryApp } from '../deps'
import { registerDashboard } from './serve-dashboard'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const INDEX =
  '<!doctype html><html><body><div id="app"></div><script src="/assets/index-Ab12Cd34.js"></script></body></html>'
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))})\n`

/** A folder shaped like `vite build` output. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'canon-dashboard-dist-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), INDEX)
  writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js'), SCRIPT)
  writeFileSync(join(dir, 'assets', 'index-Ef56.css'), 'body{margin:0}')
  writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\n')
  return dir
}

function appServing(dir: string): RegistryApp {
  const app: RegistryApp = new OpenAPIHono<AppEnv>()
  registerDashboard(app, { dir })
  return app
}

describe('the dashboard build at /', () => {
  const app = appServing(fakeBuild())

  it('serves index.html at / for browsers to revalidate every time', async () => {
    const res = await app.request('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await res.text()).toBe(INDEX)
  })

  it('serves hashed assets with their type, cached for a year', async () => {
    const js = await app.request('/assets/index-Ab12Cd34.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(js.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await js.text()).toBe(SCRIPT)
    const css = await app.request('/assets/index-Ef56.css')
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    const txt = await app.request('/robots.txt')
    expect(txt.headers.get('cache-control')).toBe('public, max-age=3600')
  })

  it('sends gzip to clients that accept it, and 304 to a matching If-None-Match', async () => {
    const res = await app.request('/assets/index-Ab12Cd34.js', {
      headers: { 'accept-encoding': 'gzip, br' },
    })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    const body = Buffer.from(await res.arrayBuffer())
    expect(body.length).toBeLessThan(SCRIPT.length / 4)
    expect(gunzipSync(body).toString()).toBe(SCRIPT)

    const etag = res.headers.get('etag') ?? ''
    const again = await app.request('/assets/index-Ab12Cd34.js', {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
    })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
  })

  it('answers client routes (deep links) with index.html, even with a dot in a prompt name', async () => {
    for (const path of [
      '/prompts/SummarizeSupportTicket',
      '/prompts/support.summarize/compare?from=1&to=2',
      '/prompts/X/ab',
    ]) {
      const res = await app.request(path)
      expect(res.status, path).toBe(200)
      expect(await res.text()).toBe(INDEX)
    }
  })

  it('answers a missing asset or top-level file with 404, not the app', async () => {
    expect((await app.request('/assets/index-gone.js')).status).toBe(404)
    expect((await app.request('/favicon.ico')).status).toBe(404)
  })

  it('never answers API, docs or health paths', async () => {
    for (const path of [
      '/v1/prompts/x',
      '/v1',
      '/docs',
      '/docs/x',
      '/openapi.json',
      '/healthz',
      '/readyz',
    ]) {
      const res = await app.request(path)
      expect(res.status, path).toBe(404)
      expect(await res.text()).not.toContain('<div id="app">')
    }
  })
})

describe('without a build', () => {
  it('explains how to build it, then serves the build once it exists', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'canon-dashboard-none-')), 'dist')
    dirs.push(dir)
    const app = appServing(dir)
    const res = await app.request('/')
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toContain('text/html')
    const page = await res.text()
    expect(page).toContain('Dashboard not built')
    expect(page).toContain('pnpm build')
    expect((await app.request('/assets/index-x.js')).status).toBe(404)

    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'index.html'), INDEX)
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 5_000)
    try {
      const built = await app.request('/prompts/X')
      expect(built.status).toBe(200)
      expect(await built.text()).toBe(INDEX)
    } finally {
      now.mockRestore()
    }
  })
})

describeRegistry('the dashboard inside the registry app', (r) => {
  it('leaves API errors, docs and health to the API', async () => {
    const app = createApp({
      db: r.db,
      config: { bodyLimitBytes: 1 << 20 },
      logger: silentLogger,
      dashboardDir: fakeBuild(),
    })
    const missing = await app.request('/v1/no-such-route')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('application/problem+json')
    const openapi = await app.request('/openapi.json')
    expect(openapi.headers.get('content-type')).toContain('application/json')
    expect((await app.request('/healthz')).status).toBe(200)
    const page = await app.request('/prompts/Anything')
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    // Methods other than GET are not the dashboard's.
    expect((await app.request('/prompts/Anything', { method: 'POST' })).status).toBe(404)
  })
})
