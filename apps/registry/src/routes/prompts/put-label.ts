import { moveLabel } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import { withSpan } from '../../telemetry'
import type { RegistryApp, RouteDeps } from '../deps'
import { LabelParams, MAX_VERSION } from '../params'
import { bearer, problems } from '../responses'

const version = z.number().int().min(1).max(MAX_VERSION)

const MoveLabelBody = z
  .strictObject({
    version: version.openapi({ description: 'The version the label should point at.', example: 3 }),
    expected: version.nullable().optional().openapi({
      description:
        'Compare-and-set: where the caller believes the label points now, or `null` for "must not exist yet". `412` when it does not match.',
      example: 2,
    }),
  })
  .openapi('MoveLabel')

const LabelMoveSchema = z
  .object({
    name: z.string(),
    label: z.string(),
    version: z.number().int(),
    previousVersion: z.number().int().nullable(),
    changed: z.boolean().openapi({ description: 'False when the label already pointed there.' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    updatedBy: z.string(),
  })
  .openapi('LabelMove')

/** `PUT /v1/prompts/{name}/labels/{label}`: promote or roll back, compare-and-set, audited. */
export function registerPutLabel(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'put',
    path: '/v1/prompts/{name}/labels/{label}',
    operationId: 'moveLabel',
    tags: ['prompts'],
    summary: 'Move a label',
    description:
      'Points a label at a version (creating it if needed). With `expected`, the move only happens when the label still points there (`412` otherwise). `latest` moves by itself and cannot be set. Every move is audited.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'label')] as const,
    request: {
      params: LabelParams,
      body: { required: true, content: { 'application/json': { schema: MoveLabelBody } } },
    },
    responses: {
      200: {
        description: 'The label now points at `version`.',
        content: { 'application/json': { schema: LabelMoveSchema } },
      },
      ...problems(400, 401, 403, 404, 409, 412, 413, 415, 422),
    },
  })

  app.openapi(route, async (c) => {
    const { name, label } = c.req.valid('param')
    const body = c.req.valid('json')
    const actor = c.get('principal')?.name ?? 'unknown'
    const moved = await withSpan(
      'canon.label.move',
      {
        'canon.prompt.name': name,
        'canon.prompt.label': label,
        'canon.prompt.version': body.version,
      },
      () =>
        moveLabel(
          { db: deps.db, actor },
          {
            name,
            label,
            version: body.version,
            ...(body.expected !== undefined ? { expected: body.expected } : {}),
          },
        ),
    )
    // This replica answers the next GET with the new version; others hear the NOTIFY.
    deps.cache.invalidatePrompt(name)
    return c.json(
      {
        name: moved.name,
        label: moved.label,
        version: moved.version,
        previousVersion: moved.previousVersion,
        changed: moved.changed,
        updatedAt: moved.updatedAt,
        updatedBy: moved.updatedBy,
      },
      200,
    )
  })
}
