import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, relative, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Context } from 'hono'
import { incomingHeader } from '../../http/incoming-header'

/** One built file, held in memory with everything its responses need. */
export interface StaticFile {
  body: Uint8Array
  /** Present for compressible files worth compressing. */
  gzip?: Uint8Array
  contentType: string
  etag: string
  cacheControl: string
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt'])

/** Vite puts content-hashed files under `assets/`: their URL changes whenever they do. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
/** index.html names the current hashed files, so browsers must revalidate it every time. */
const REVALIDATE = 'no-cache'
const SHORT = 'public, max-age=3600'

/**
 * Reads a built dashboard folder into memory (a few hundred KB), keyed by URL path
 * (`/index.html`, `/assets/index-3f2a.js`). Returns null when `dir/index.html` does not exist.
 */
export function loadStaticFiles(dir: string): Map<string, StaticFile> | null {
  if (!existsSync(join(dir, 'index.html'))) return null
  const files = new Map<string, StaticFile>()
  for (const path of walk(dir)) {
    const urlPath = `/${relative(dir, path).split(sep).join('/')}`
    const ext = extname(path).toLowerCase()
    files.set(
      urlPath,
      readStaticFile(
        path,
        urlPath.startsWith('/assets/') ? IMMUTABLE : ext === '.html' ? REVALIDATE : SHORT,
      ),
    )
  }
  return files
}

/**
 * Reads one file into memory with its content type, a content-hash ETag and, when it is worth
 * it, a gzipped copy.
 * @example readStaticFile('/srv/swagger-ui.css', 'public, max-age=3600')
 */
export function readStaticFile(path: string, cacheControl: string): StaticFile {
  return staticFile(readFileSync(path), extname(path), cacheControl)
}

/**
 * A file held in memory, typed by its extension (`.js`, `.html`, …).
 * @example staticFile(new TextEncoder().encode('<!doctype html>…'), '.html', 'no-cache')
 */
export function staticFile(body: Uint8Array, extension: string, cacheControl: string): StaticFile {
  const ext = extension.toLowerCase()
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22)
  return {
    body,
    ...(COMPRESSIBLE.has(ext) && body.length > 1024 ? { gzip: gzipSync(body, { level: 9 }) } : {}),
    contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    etag: `"${hash}"`,
    cacheControl,
  }
}

/**
 * Answers with a file read by `readStaticFile`: gzip when the client accepts it, `304` on a
 * matching `If-None-Match`, `nosniff`, plus `headers` (e.g. a CSP for HTML).
 * @example return sendStaticFile(c, file, { 'content-security-policy': "default-src 'self'" })
 */
export function sendStaticFile(
  c: Context,
  file: StaticFile,
  extraHeaders: Record<string, string> = {},
): Response {
  const gzip =
    file.gzip !== undefined && /\bgzip\b/.test(incomingHeader(c, 'accept-encoding') ?? '')
  const etag = gzip ? `${file.etag.slice(0, -1)}-gz"` : file.etag
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    'cache-control': file.cacheControl,
    etag,
    'x-content-type-options': 'nosniff',
    ...(file.gzip !== undefined ? { vary: 'Accept-Encoding' } : {}),
    ...extraHeaders,
  }
  const ifNoneMatch = incomingHeader(c, 'if-none-match')
  if (ifNoneMatch?.split(/\s*,\s*/).includes(etag)) {
    return c.body(null, 304, headers)
  }
  if (gzip && file.gzip) {
    headers['content-encoding'] = 'gzip'
    return c.body(file.gzip as Uint8Array<ArrayBuffer>, 200, headers)
  }
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, headers)
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* walk(path)
    else yield path
  }
}
