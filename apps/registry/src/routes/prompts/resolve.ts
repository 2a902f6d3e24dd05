import { CanonError, isCanonError, LABEL_NAME_PATTERN } from '@canon/core'
import type { VariantResolver } from '@canon/sdk/flags'
import { createRoute, z } from '@hono/zod-openapi'
import type { CachedResource } from '../../cache/prompt-cache'
import { requireScope } from '../../http/auth'
import { withSpan } from '../../telemetry'
import type { RegistryApp, RouteDeps } from '../deps'
import { PromptParams } from '../params'
import { bearer, problems } from '../responses'
import { LabeledVersionSchema } from '../schemas'

const ResolveBody = z
  .strictObject({
    context: z
      .strictObject({
        userId: z.string().min(1).max(256).optional(),
        sessionId: z.string().min(1).max(256).optional(),
        properties: z.record(z.string(), z.string().max(1024)).optional(),
      })
      .optional()
      .openapi({
        description:
          "Who is asking: assignments are sticky on what the flag's variants name (by default `userId`, else `sessionId`; or `userId`, `sessionId`, or a custom field given in `properties`). Without it the label answers.",
      }),
    label: z
      .string()
      .regex(LABEL_NAME_PATTERN)
      .optional()
      .openapi({ description: 'Where to fall back when no flag decides (default `production`).' }),
  })
  .openapi('ResolveRequest')

const ResolutionSchema = LabeledVersionSchema.extend({
  source: z.enum(['flag', 'label']).openapi({
    description: "`flag` when the prompt's flag chose the version, else `label`.",
  }),
  flag: z.string().nullable().openapi({ example: 'prompt.SummarizeSupportTicket' }),
  variant: z.string().nullable().openapi({ example: 'v2' }),
}).openapi('Resolution')

/**
 * `POST /v1/prompts/{name}/resolve`: the A/B answer for clients without the JS SDK, computed
 * server-side with the same flag rules (`prompt.<name>`, variant payload `{"version": n}`,
 * sticky on what the flag names: userId/sessionId by default). A flag that is off, unknown, unreachable or names a version that
 * cannot be served falls back to the label.
 */
export function registerResolve(
  app: RegistryApp,
  deps: RouteDeps & { variants: VariantResolver },
): void {
  const route = createRoute({
    method: 'post',
    path: '/v1/prompts/{name}/resolve',
    operationId: 'resolvePrompt',
    tags: ['prompts'],
    summary: 'Resolve the version a user gets (A/B)',
    description:
      "Applies the prompt's feature flag (Unleash, when the registry is configured with `UNLEASH_URL`) for the given context and returns the chosen version; without a flag decision, the version the label points at.",
    security: bearer,
    middleware: [requireScope(deps.keys, 'read')] as const,
    request: {
      params: PromptParams,
      body: { required: false, content: { 'application/json': { schema: ResolveBody } } },
    },
    responses: {
      200: {
        description: 'The version this context gets.',
        content: { 'application/json': { schema: ResolutionSchema } },
      },
      ...problems(400, 401, 403, 404, 410, 413, 415, 422),
    },
  })

  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param')
    const body = c.req.valid('json') ?? {}
    const label = body.label ?? 'production'
    return withSpan(
      'canon.resolve',
      { 'canon.prompt.name': name, 'canon.prompt.label': label },
      async (span) => {
        const chosen = deps.variants.resolve(name, body.context)
        if (chosen) {
          const served = await servable(deps.cache.version(name, chosen.version))
          if (served) {
            span.setAttribute('canon.prompt.variant', chosen.variant)
            return c.json({
              ...JSON.parse(served.body),
              label,
              source: 'flag' as const,
              flag: chosen.flag,
              variant: chosen.variant,
            })
          }
        }
        const resource = await deps.cache.label(name, label)
        if (resource.status === 'retired') {
          // Only `latest` can land here, when every version is retired.
          throw new CanonError('GONE', `every version of ${name} is retired`)
        }
        return c.json({
          ...JSON.parse(resource.body),
          source: 'label' as const,
          flag: null,
          variant: null,
        })
      },
    )
  })
}

/** A version a flag chose, unless it doesn't exist or is retired (then the label answers). */
async function servable(
  pending: CachedResource | Promise<CachedResource>,
): Promise<CachedResource | undefined> {
  try {
    const resource = await pending
    return resource.status === 'retired' ? undefined : resource
  } catch (err) {
    if (isCanonError(err) && err.code === 'NOT_FOUND') return undefined
    throw err
  }
}
