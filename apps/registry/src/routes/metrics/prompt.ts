import { promptMetrics } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import type { RegistryApp, RouteDeps } from '../deps'
import { PromptParams } from '../params'
import { bearer, problems } from '../responses'
import { PromptMetricsSchema } from './schemas'
import { rangeOf, timeRangeQuery } from './time-params'

const PromptMetricsQuery = z.object({
  ...timeRangeQuery,
  bucket: z.enum(['auto', '1m', '5m', '1h', '1d']).optional().openapi({
    description:
      'Series bucket. `auto` (default): 1m up to 2 h, 5m up to 24 h, 1h up to 14 days, else 1d. At most 2000 points.',
  }),
  groupBy: z
    .enum(['version', 'variant'])
    .optional()
    .openapi({ description: '`version` (default) or `variant` (per version and A/B variant).' }),
})

/** `GET /v1/metrics/prompts/{name}`: one prompt per version (or variant), with a time series. */
export function registerPromptMetrics(
  app: RegistryApp,
  deps: Pick<RouteDeps, 'db' | 'keys'>,
): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/metrics/prompts/{name}',
    operationId: 'promptMetrics',
    tags: ['metrics'],
    summary: "A prompt's metrics",
    description:
      'Per version (or version and variant): calls, error rate, latency p50/p95, tokens, cost per call and total, mean quality scores, feedback approval; and a time series for charts. A prompt without executions answers empty groups.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'read')] as const,
    request: { params: PromptParams, query: PromptMetricsQuery },
    responses: {
      200: {
        description: 'The metrics.',
        content: { 'application/json': { schema: PromptMetricsSchema } },
      },
      ...problems(400, 401, 403),
    },
  })

  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param')
    const query = c.req.valid('query')
    const metrics = await promptMetrics(deps.db, {
      name,
      ...rangeOf(query),
      ...(query.bucket ? { bucket: query.bucket } : {}),
      ...(query.groupBy ? { groupBy: query.groupBy } : {}),
    })
    return c.json(metrics, 200)
  })
}
