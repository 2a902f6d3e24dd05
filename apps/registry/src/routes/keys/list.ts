import { listApiKeys } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import type { RegistryApp, RouteDeps } from '../deps'
import { bearer, problems } from '../responses'
import { ApiKeySchema } from './schemas'

/** `GET /v1/keys`: every API key (prefixes and metadata, never the keys), newest first. */
export function registerListKeys(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/keys',
    operationId: 'listKeys',
    tags: ['keys'],
    summary: 'List API keys',
    security: bearer,
    middleware: [requireScope(deps.keys, 'admin')] as const,
    responses: {
      200: {
        description: 'Every key, revoked ones included.',
        content: { 'application/json': { schema: z.object({ keys: z.array(ApiKeySchema) }) } },
      },
      ...problems(401, 403),
    },
  })
  app.openapi(route, async (c) =>
    c.json({ keys: await listApiKeys(deps.db) }, 200, { 'cache-control': 'no-store' }),
  )
}
