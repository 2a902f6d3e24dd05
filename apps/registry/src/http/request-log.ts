import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Logger } from '../logger'
import type { AppEnv } from './app-env'

/**
 * One structured line per request: `requestId, method, route, status, durationMs`. `route` is the
 * matched pattern (`/v1/prompts/:name`), so logs group by operation, not by URL.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function logRequest(c, next) {
    const start = performance.now()
    await next()
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      // The handler that answered (matching may go on to catch-alls that never ran).
      route: routePath(c),
      status: c.res.status,
      durationMs: Math.round((performance.now() - start) * 100) / 100,
    })
  }
}
