import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import { REVALIDATE, sendResource } from '../../http/send-resource'
import { withSpan } from '../../telemetry'
import type { RegistryApp, RouteDeps } from '../deps'
import { labelName } from '../params'
import { bearer, etagHeader, ifNoneMatchParameter, problems } from '../responses'
import { PromptDefinitionSchema, VersionStatusSchema } from '../schemas'

const SnapshotQuery = z.object({
  label: labelName.openapi({ param: { name: 'label', in: 'query' } }),
})

const SnapshotSchema = z
  .object({
    label: z.string(),
    generatedAt: z.string().openapi({ format: 'date-time' }),
    prompts: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        version: z.number().int(),
        digest: z.string(),
        status: VersionStatusSchema,
        kind: z.enum(['text', 'chat']),
        definition: PromptDefinitionSchema,
      }),
    ),
  })
  .openapi('Snapshot')

/** `GET /v1/snapshot?label=production`: every prompt at a label, for prefetch and fallbacks. */
export function registerGetSnapshot(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/snapshot',
    operationId: 'getSnapshot',
    tags: ['snapshot'],
    summary: 'Snapshot at a label',
    description:
      'Every prompt that has the label, with its definition, ordered by name (retired versions never appear). What `canon pull` writes and the SDK falls back to.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'read')] as const,
    parameters: [ifNoneMatchParameter],
    request: { query: SnapshotQuery },
    responses: {
      200: {
        description: 'The snapshot.',
        headers: etagHeader,
        content: { 'application/json': { schema: SnapshotSchema } },
      },
      304: { description: 'Not modified.', headers: etagHeader },
      ...problems(400, 401, 403),
    },
  })

  app.openapi(route, async (c) => {
    const { label } = c.req.valid('query')
    const cached = deps.cache.snapshot(label)
    const resource =
      cached instanceof Promise
        ? await withSpan('canon.snapshot', { 'canon.prompt.label': label }, () => cached)
        : cached
    return sendResource(c, resource, REVALIDATE, () => `snapshot ${label}`)
  })
}
