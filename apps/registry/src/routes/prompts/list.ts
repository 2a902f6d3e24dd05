import { listPrompts } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import type { RegistryApp, RouteDeps } from '../deps'
import { bearer, problems } from '../responses'

const ListQuery = z.object({
  tag: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Only prompts with this tag.' }),
  search: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Case-insensitive substring of the name.' }),
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/, { error: 'limit must be an integer 1..500' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 500, { error: 'limit must be an integer 1..500' })
    .optional()
    .openapi({ type: 'integer', minimum: 1, maximum: 500, description: 'Page size (default 50).' }),
  cursor: z
    .string()
    .max(1024)
    .optional()
    .openapi({ description: '`nextCursor` of the previous page.' }),
})

export const PromptSummarySchema = z
  .object({
    name: z.string(),
    description: z.string().nullable(),
    tags: z.array(z.string()),
    latestVersion: z.number().int().nullable().openapi({
      description: 'The highest version that is not retired.',
    }),
    labels: z.record(z.string(), z.number().int()).openapi({
      description: 'Label → version (without the computed `latest`).',
      example: { production: 2, staging: 3 },
    }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('PromptSummary')

const PromptPageSchema = z
  .object({ prompts: z.array(PromptSummarySchema), nextCursor: z.string().nullable() })
  .openapi('PromptPage')

/** `GET /v1/prompts`: prompts by name with their latest version and labels, paginated. */
export function registerListPrompts(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/prompts',
    operationId: 'listPrompts',
    tags: ['prompts'],
    summary: 'List prompts',
    description: 'Ordered by name; filter by tag, search by name; follow `nextCursor` for more.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'read')] as const,
    request: { query: ListQuery },
    responses: {
      200: {
        description: 'One page.',
        content: { 'application/json': { schema: PromptPageSchema } },
      },
      ...problems(400, 401, 403),
    },
  })

  app.openapi(route, async (c) => {
    const { tag, search, limit, cursor } = c.req.valid('query')
    const page = await listPrompts(deps.db, {
      ...(tag !== undefined ? { tag } : {}),
      ...(search !== undefined ? { search } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
    })
    return c.json({ prompts: page.items, nextCursor: page.nextCursor }, 200)
  })
}
