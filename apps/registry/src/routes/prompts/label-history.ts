import { labelHistory } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import type { RegistryApp, RouteDeps } from '../deps'
import { LabelParams } from '../params'
import { bearer, problems } from '../responses'

const HistoryQuery = z.object({
  limit: z
    .string()
    .regex(/^[0-9]{1,4}$/, { error: 'limit must be an integer 1..1000' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1000, { error: 'limit must be an integer 1..1000' })
    .optional()
    .openapi({
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      description: 'Most entries (default 100).',
    }),
})

const LabelHistorySchema = z
  .object({
    name: z.string(),
    label: z.string(),
    history: z.array(
      z.object({
        at: z.string().openapi({ format: 'date-time' }),
        actor: z.string(),
        fromVersion: z
          .number()
          .int()
          .nullable()
          .openapi({ description: 'Null when the label was created.' }),
        toVersion: z.number().int().nullable(),
        reason: z
          .string()
          .optional()
          .openapi({ description: 'Why `latest` moved (`publish`, `status`).' }),
      }),
    ),
  })
  .openapi('LabelHistory')

/** `GET /v1/prompts/{name}/labels/{label}/history`: who moved a label, when, from and to. */
export function registerLabelHistory(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/prompts/{name}/labels/{label}/history',
    operationId: 'labelHistory',
    tags: ['prompts'],
    summary: 'Label history',
    description: 'Every move of a label, newest first, from the audit log.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'read')] as const,
    request: { params: LabelParams, query: HistoryQuery },
    responses: {
      200: {
        description: 'The moves.',
        content: { 'application/json': { schema: LabelHistorySchema } },
      },
      ...problems(400, 401, 403, 404),
    },
  })

  app.openapi(route, async (c) => {
    const { name, label } = c.req.valid('param')
    const { limit } = c.req.valid('query')
    const history = await labelHistory(deps.db, name, label, limit !== undefined ? { limit } : {})
    return c.json({ name, label, history }, 200)
  })
}
