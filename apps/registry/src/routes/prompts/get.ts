import { getPrompt } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import type { RegistryApp, RouteDeps } from '../deps'
import { PromptParams } from '../params'
import { bearer, problems } from '../responses'
import { VersionStatusSchema } from '../schemas'

const VersionSummarySchema = z
  .object({
    version: z.number().int(),
    digest: z.string(),
    status: VersionStatusSchema,
    statusChangedAt: z.string().openapi({ format: 'date-time' }),
    publishedAt: z.string().openapi({ format: 'date-time' }),
    publishedBy: z.string(),
    sourceCommit: z.string().nullable(),
    sourcePath: z.string().nullable(),
    evalSummary: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('VersionSummary')

const LabelPointerSchema = z
  .object({
    label: z.string(),
    version: z.number().int(),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    updatedBy: z.string(),
  })
  .openapi('LabelPointer')

const PromptDetailSchema = z
  .object({
    name: z.string(),
    description: z.string().nullable(),
    tags: z.array(z.string()),
    latestVersion: z.number().int().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    versions: z.array(VersionSummarySchema).openapi({ description: 'Newest first.' }),
    labels: z.array(LabelPointerSchema),
  })
  .openapi('PromptDetail')

/** `GET /v1/prompts/{name}`: a prompt's versions (without definitions) and labels. */
export function registerGetPrompt(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/prompts/{name}',
    operationId: 'getPrompt',
    tags: ['prompts'],
    summary: 'Get a prompt',
    description: 'Every version (newest first, without definitions) and every label of one prompt.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'read')] as const,
    request: { params: PromptParams },
    responses: {
      200: {
        description: 'The prompt.',
        content: { 'application/json': { schema: PromptDetailSchema } },
      },
      ...problems(400, 401, 403, 404),
    },
  })

  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param')
    return c.json(await getPrompt(deps.db, name), 200)
  })
}
