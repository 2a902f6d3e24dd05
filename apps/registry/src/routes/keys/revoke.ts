import { revokeApiKey } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import type { RegistryApp, RouteDeps } from '../deps'
import { bearer, problems } from '../responses'
import { ApiKeySchema } from './schemas'

const KeyParams = z.object({
  id: z.uuid({ error: 'key id must be a UUID' }).openapi({ param: { name: 'id', in: 'path' } }),
})

/**
 * `DELETE /v1/keys/{id}`: revokes a key. It stops working at once on this replica and, through
 * NOTIFY, on the others. Audited; revoking twice is harmless.
 */
export function registerRevokeKey(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'delete',
    path: '/v1/keys/{id}',
    operationId: 'revokeKey',
    tags: ['keys'],
    summary: 'Revoke an API key',
    security: bearer,
    middleware: [requireScope(deps.keys, 'admin')] as const,
    request: { params: KeyParams },
    responses: {
      200: {
        description: 'The key, now revoked.',
        content: { 'application/json': { schema: ApiKeySchema } },
      },
      ...problems(400, 401, 403, 404),
    },
  })
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param')
    const actor = c.get('principal')?.name ?? 'unknown'
    const revoked = await revokeApiKey(deps.db, { id, actor })
    deps.keys.clear()
    return c.json(revoked, 200)
  })
}
