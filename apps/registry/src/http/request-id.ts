import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env'
import { incomingHeader } from './incoming-header'

/** Ids a client may choose: the same rule as `hono/request-id`. */
const CLIENT_ID = /^[\w\-=]{1,255}$/

export const REQUEST_ID_HEADER = 'X-Request-Id'

/**
 * Gives every request an id (the client's `X-Request-Id` when well-formed, else a UUID), stores
 * it as `requestId` and echoes it in `X-Request-Id`. Like `hono/request-id`, except that
 * responses built with the id already in their headers (the cached hot path, see
 * `send-resource.ts`) are left alone: adding a header afterwards would force a full `Response`.
 */
export function requestIds(): MiddlewareHandler<AppEnv> {
  return async function requestId(c, next) {
    const incoming = incomingHeader(c, 'x-request-id')
    const id = incoming && CLIENT_ID.test(incoming) ? incoming : randomUUID()
    c.set('requestId', id)
    await next()
    if (!c.get('requestIdSent')) c.res.headers.set(REQUEST_ID_HEADER, id)
  }
}
