import { abStats } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import type { RegistryApp, RouteDeps } from '../deps'
import { PromptParams } from '../params'
import { bearer, problems } from '../responses'
import { compareArms, loadStatsTools } from './ab-verdict'
import { AbComparisonSchema } from './schemas'
import { rangeOf, timeRangeQuery } from './time-params'

/** `GET /v1/metrics/prompts/{name}/ab`: live A/B arms side by side, with intervals and a verdict. */
export function registerAbComparison(app: RegistryApp, deps: Pick<RouteDeps, 'db' | 'keys'>): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/metrics/prompts/{name}/ab',
    operationId: 'abComparison',
    tags: ['metrics'],
    summary: 'Compare A/B arms',
    description:
      'The live variants (executions carrying `canon.prompt.variant`), or the versions that served traffic when there is no variant data, with 95 % intervals (Wilson for rates, normal for means) and a plain verdict of the second-busiest arm against the busiest, e.g. "v2 is 23 % cheaper, quality not significantly different, n = 4 210".',
    security: bearer,
    middleware: [requireScope(deps.keys, 'read')] as const,
    request: { params: PromptParams, query: z.object(timeRangeQuery) },
    responses: {
      200: {
        description: 'The arms (busiest first) and the verdict.',
        content: { 'application/json': { schema: AbComparisonSchema } },
      },
      ...problems(400, 401, 403),
    },
  })

  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param')
    const [stats, tools] = await Promise.all([
      abStats(deps.db, { name, ...rangeOf(c.req.valid('query')) }),
      loadStatsTools(),
    ])
    const { arms, verdict } = compareArms(stats, tools)
    return c.json(
      {
        name: stats.name,
        from: stats.from,
        to: stats.to,
        simulated: stats.simulated,
        arms,
        verdict,
      },
      200,
    )
  })
}
