import { createApiKey } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import type { RegistryApp, RouteDeps } from '../deps'
import { bearer, problems } from '../responses'
import { CreatedApiKeySchema, ScopeSchema } from './schemas'

const CreateKeyBody = z
  .strictObject({
    name: z.string().min(1).max(100).openapi({ example: 'checkout-service' }),
    scopes: z
      .array(ScopeSchema)
      .min(1)
      .openapi({ description: 'e.g. `["read", "telemetry"]` for an app using the SDK.' }),
  })
  .openapi('CreateApiKey')

/** `POST /v1/keys`: a new scoped key, returned this once. Audited. */
export function registerCreateKey(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'post',
    path: '/v1/keys',
    operationId: 'createKey',
    tags: ['keys'],
    summary: 'Create an API key',
    description:
      'Creates a key with the given scopes (`read`, `publish`, `label`, `telemetry`, `admin`). The key is in the response this once; only its hash is stored.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'admin')] as const,
    request: {
      body: { required: true, content: { 'application/json': { schema: CreateKeyBody } } },
    },
    responses: {
      201: {
        description: 'The new key.',
        content: { 'application/json': { schema: CreatedApiKeySchema } },
      },
      ...problems(400, 401, 403, 413, 415, 422),
    },
  })
  app.openapi(route, async (c) => {
    const body = c.req.valid('json')
    const actor = c.get('principal')?.name ?? 'unknown'
    const created = await createApiKey(deps.db, { ...body, actor })
    return c.json(created, 201, { 'cache-control': 'no-store' })
  })
}
