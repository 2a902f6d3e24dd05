import type { Context } from 'hono'
import type { RegistryApp } from '../deps'
import { defaultDashboardDir } from './dashboard-dir'
import { notBuiltPage } from './not-built-page'
import { loadStaticFiles, type StaticFile, sendStaticFile } from './static-files'

export interface DashboardOptions {
  /** The built dashboard (default `apps/dashboard/dist`). */
  dir?: string
}

/** API and docs paths: never answered with the dashboard, whatever the client accepts. */
const RESERVED = /^\/(v1|docs)(\/|$)|^\/(openapi\.json|healthz|readyz)$/
/** A file at the top level (`/favicon.ico`): a miss is a `404`, not the app. */
const ROOT_FILE = /^\/[^/]+\.[A-Za-z0-9]+$/
/** How often a missing build is looked for again, so `pnpm build` needs no restart. */
const RETRY_MS = 1000

const HTML_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
}

/**
 * Serves the dashboard build at `/`: hashed `/assets/*` cached for a year, `index.html` with
 * `no-cache`, gzip when the client accepts it, and `index.html` for client routes
 * (`/prompts/…`) so deep links work. `/v1/*`, `/docs`, `/openapi.json`, `/healthz` and `/readyz`
 * are never answered here. Register after every API route. Without a build, pages explain how
 * to make one (`503`).
 * @example registerDashboard(app, { dir: '/srv/canon/dashboard' })
 */
export function registerDashboard(app: RegistryApp, options: DashboardOptions = {}): void {
  const dir = options.dir ?? defaultDashboardDir()
  let files: Map<string, StaticFile> | null = null
  let checkedAt = Number.NEGATIVE_INFINITY
  const current = () => {
    if (files === null && Date.now() - checkedAt >= RETRY_MS) {
      checkedAt = Date.now()
      files = loadStaticFiles(dir)
    }
    return files
  }

  app.get('*', (c) => {
    const path = c.req.path
    if (RESERVED.test(path)) return c.notFound()
    const isFileRequest = path.startsWith('/assets/') || ROOT_FILE.test(path)
    const built = current()
    if (!built) {
      if (isFileRequest) return c.notFound()
      return c.html(notBuiltPage(dir), 503, { 'cache-control': 'no-store' })
    }
    const file = built.get(path === '/' ? '/index.html' : path)
    if (file) return sendFile(c, file)
    if (isFileRequest) return c.notFound()
    const index = built.get('/index.html')
    return index ? sendFile(c, index) : c.notFound()
  })
}

function sendFile(c: Context, file: StaticFile): Response {
  return sendStaticFile(
    c,
    file,
    file.contentType.startsWith('text/html') ? HTML_SECURITY_HEADERS : {},
  )
}
