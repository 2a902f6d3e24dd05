import { createRoute, z } from '@hono/zod-openapi'
import type { RegistryApp } from '../deps'

/** `GET /healthz`: liveness. The process answers; nothing else is checked. */
export function registerHealthz(app: RegistryApp): void {
  const route = createRoute({
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    tags: ['health'],
    summary: 'Liveness',
    responses: {
      200: {
        description: 'The process is alive.',
        content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
      },
    },
  })
  app.openapi(route, (c) => c.json({ status: 'ok' as const }, 200))
}
