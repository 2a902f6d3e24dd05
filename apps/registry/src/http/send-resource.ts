import { CanonError } from '@canon/core'
import type { Context } from 'hono'
import type { CachedResource } from '../cache/prompt-cache'
import { ifNoneMatchHits } from './conditional'

/** Versions never change: cache them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable'
/** Labels move: clients keep a copy but revalidate with `If-None-Match` every time. */
export const REVALIDATE = 'no-cache'

/**
 * Sends a cached body with its validators: `304` when `If-None-Match` matches, a `Deprecation`
 * header (RFC 9745) for deprecated versions, and `410` for retired ones.
 */
export function sendResource(
  c: Context,
  resource: CachedResource,
  cacheControl: string,
  describe: () => string,
): Response {
  if (resource.status === 'retired') {
    throw new CanonError('GONE', `${describe()} is retired and no longer served`)
  }
  const headers: Record<string, string> = { etag: resource.etag, 'cache-control': cacheControl }
  if (resource.status === 'deprecated' && resource.statusChangedAt !== undefined) {
    headers.deprecation = `@${resource.statusChangedAt}`
  }
  if (ifNoneMatchHits(c.req.header('if-none-match'), resource.etag)) {
    return c.body(null, 304, headers)
  }
  headers['content-type'] = 'application/json'
  return c.body(resource.body, 200, headers)
}

/** Sends an already-serialized JSON body. */
export function sendJson(
  c: Context,
  body: string,
  status: 200 | 201,
  headers: Record<string, string> = {},
): Response {
  return c.body(body, status, { 'content-type': 'application/json', ...headers })
}
