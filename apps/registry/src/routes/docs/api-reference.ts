import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  readStaticFile,
  type StaticFile,
  sendStaticFile,
  staticFile,
} from '../dashboard/static-files'
import type { RegistryApp } from '../deps'

/** Swagger UI's self-contained browser build, as `swagger-ui-dist` ships it. */
const VENDOR_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const

/**
 * Starts Swagger UI on `/openapi.json`. A file rather than an inline script, so the page's CSP
 * can say `script-src 'self'` and nothing else.
 */
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  // Off by default would be a request to validator.swagger.io for a badge.
  validatorUrl: null,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  tryItOutEnabled: false,
  persistAuthorization: false,
})
`

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Canon registry API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<style>body { margin: 0 } .swagger-ui .topbar { display: none }</style>
</head>
<body>
<div id="reference"><noscript>The API reference needs JavaScript; the document itself is at <a href="/openapi.json">/openapi.json</a>.</noscript></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`

/**
 * Only this origin: the page must work on a machine without internet, and a reference that
 * quietly phones home would break that promise. `'unsafe-inline'` styles: Swagger UI sets
 * `style` attributes.
 */
const DOCS_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
}

/** Revalidated hourly; an upgrade of `swagger-ui-dist` changes the ETag. */
const VENDOR_CACHE = 'public, max-age=3600'

/**
 * `GET /docs`: the browsable API reference (Swagger UI over `/openapi.json`), with its script and
 * stylesheet served by the registry itself from `swagger-ui-dist` under `/docs/assets/`, so it
 * renders without internet. Files are read on first request and kept in memory (~2 MB).
 * @example registerApiReference(app) // GET /docs, GET /docs/assets/swagger-ui-bundle.js
 */
export function registerApiReference(app: RegistryApp): void {
  let assets: Map<string, StaticFile> | undefined
  const loadAssets = () => {
    if (assets) return assets
    const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
    const loaded = new Map<string, StaticFile>()
    for (const name of VENDOR_FILES) {
      loaded.set(name, readStaticFile(join(dir, name), VENDOR_CACHE))
    }
    loaded.set('init.js', staticFile(Buffer.from(INIT_SCRIPT), '.js', VENDOR_CACHE))
    assets = loaded
    return loaded
  }
  const page = staticFile(Buffer.from(PAGE), '.html', 'no-cache')

  app.get('/docs', (c) => sendStaticFile(c, page, DOCS_SECURITY_HEADERS))
  app.get('/docs/assets/:file', (c) => {
    const file = loadAssets().get(c.req.param('file'))
    return file ? sendStaticFile(c, file) : c.notFound()
  })
}
