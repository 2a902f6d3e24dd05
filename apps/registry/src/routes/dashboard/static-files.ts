import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, relative, sep } from 'node:path'
import { gzipSync } from 'node:zlib'

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
    const body = readFileSync(path)
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22)
    files.set(urlPath, {
      body,
      ...(COMPRESSIBLE.has(ext) && body.length > 1024
        ? { gzip: gzipSync(body, { level: 9 }) }
        : {}),
      contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      etag: `"${hash}"`,
      cacheControl: urlPath.startsWith('/assets/')
        ? IMMUTABLE
        : ext === '.html'
          ? REVALIDATE
          : SHORT,
    })
  }
  return files
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* walk(path)
    else yield path
  }
}
