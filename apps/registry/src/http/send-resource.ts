import { CanonError } from '@canon/core'
import type { Context } from 'hono'
import type { CachedResource } from '../cache/prompt-cache'
import type { AppEnv } from './app-env'
import { ifNoneMatchHits } from './conditional'
import { incomingHeader } from './incoming-header'
import { REQUEST_ID_HEADER } from './request-id'

/** Versions never change: cache them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable'
/** Labels move: clients keep a copy but revalidate with `If-None-Match` every time. */
export const REVALIDATE = 'no-cache'

/**
 * Sends a cached body with its validators: `304` when `If-None-Match` matches, a `Deprecation`
 * header (RFC 9745) for deprecated versions, and `410` for retired ones.
 *
 * This is the hot path, so the `Response` is built directly with a plain header object (the
 * form @hono/node-server writes without conversion) rather than through `c.body()`, which
 * allocates a `Headers` object when there is more than one header.
 */
export function sendResource(
  c: Context<AppEnv>,
  resource: CachedResource,
  cacheControl: string,
  describe: () => string,
): Response {
  if (resource.status === 'retired') {
    throw new CanonError('GONE', `${describe()} is retired and no longer served`)
  }
  const headers: Record<string, string> = {
    etag: resource.etag,
    'cache-control': cacheControl,
    [REQUEST_ID_HEADER]: c.get('requestId'),
  }
  if (resource.status === 'deprecated' && resource.statusChangedAt !== undefined) {
    headers.deprecation = `@${resource.statusChangedAt}`
  }
  c.set('requestIdSent', true)
  if (ifNoneMatchHits(incomingHeader(c, 'if-none-match'), resource.etag)) {
    return new Response(null, { status: 304, headers })
  }
  headers['content-type'] = 'application/json'
  return new Response(resource.body, { status: 200, headers })
}
