import { CanonError } from '@canon/core'
import { createRoute, z } from '@hono/zod-openapi'
import { buildProblem, PROBLEM_CONTENT_TYPE } from '../../http/problem'
import type { RegistryApp, RouteDeps } from '../deps'
import { problems } from '../responses'

const Check = z.enum(['ok', 'failed'])
const ReadySchema = z
  .object({
    status: z.literal('ready'),
    checks: z.object({ database: Check, migrations: Check }),
  })
  .openapi('Readiness')

/**
 * `GET /readyz`: readiness — the database answers, every migration is applied, the start-up
 * work is done (e.g. `canon serve`'s example prompts are published: ready means serving what it
 * will serve) and the process is not shutting down. `503` (problem+json with `checks` and the
 * reason) otherwise.
 */
export function registerReadyz(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    tags: ['health'],
    summary: 'Readiness',
    responses: {
      200: {
        description: 'Ready to serve everything it will serve.',
        content: { 'application/json': { schema: ReadySchema } },
      },
      ...problems(503),
    },
  })

  // Migrations never un-apply: once seen complete, stop asking.
  let migrated = false
  app.openapi(route, async (c) => {
    if (deps.lifecycle.draining) {
      throw new CanonError('UNAVAILABLE', 'shutting down', { details: { checks: {} } })
    }
    const starting = deps.lifecycle.starting
    if (starting !== undefined) {
      // Expected while starting (scripts poll this): answered here rather than thrown, so it is
      // not logged as a failed request. The route types only the 200 (problems are thrown
      // elsewhere), hence the cast.
      const problem = buildProblem('UNAVAILABLE', `not ready: ${starting}`, {
        requestId: c.get('requestId'),
        extensions: { checks: { startup: 'pending' } },
      })
      return c.json(problem, 503, { 'content-type': PROBLEM_CONTENT_TYPE }) as never
    }
    const database = await deps.db.ping()
    if (database && !migrated) migrated = await deps.db.migrationsApplied().catch(() => false)
    const checks = {
      database: database ? ('ok' as const) : ('failed' as const),
      migrations: migrated ? ('ok' as const) : ('failed' as const),
    }
    if (!database || !migrated) {
      const why = !database ? 'the database does not answer' : 'migrations are not all applied'
      throw new CanonError('UNAVAILABLE', `not ready: ${why}`, { details: { checks } })
    }
    return c.json({ status: 'ready' as const, checks }, 200)
  })
}
