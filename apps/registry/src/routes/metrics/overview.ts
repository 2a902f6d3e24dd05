import { metricsOverview } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import type { RegistryApp, RouteDeps } from '../deps'
import { bearer, problems } from '../responses'
import { MetricsOverviewSchema } from './schemas'
import { rangeOf, timeRangeQuery } from './time-params'

/** `GET /v1/metrics/overview`: calls, errors, cost and latency per prompt over a range. */
export function registerMetricsOverview(
  app: RegistryApp,
  deps: Pick<RouteDeps, 'db' | 'keys'>,
): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/metrics/overview',
    operationId: 'metricsOverview',
    tags: ['metrics'],
    summary: 'Metrics of every prompt',
    description:
      'Per prompt with executions in the range: calls, errors, error rate, cost, latency p50/p95 and the last call. Prompts without executions are absent (merge with `GET /v1/prompts`). Read from per-minute/hour/day rollups.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'read')] as const,
    request: { query: z.object(timeRangeQuery) },
    responses: {
      200: {
        description: 'The prompts, by name.',
        content: { 'application/json': { schema: MetricsOverviewSchema } },
      },
      ...problems(400, 401, 403),
    },
  })

  app.openapi(route, async (c) => {
    const overview = await metricsOverview(deps.db, rangeOf(c.req.valid('query')))
    return c.json(overview, 200)
  })
}
