import { setVersionStatus } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { versionJson } from '../../cache/resources'
import { requireScope } from '../../http/auth'
import { withSpan } from '../../telemetry'
import type { RegistryApp, RouteDeps } from '../deps'
import { VersionParams } from '../params'
import { bearer, problems } from '../responses'
import { VersionSchema, VersionStatusSchema } from '../schemas'

const PatchVersionBody = z
  .strictObject({
    status: VersionStatusSchema.openapi({
      description:
        '`deprecated`: still served, with a `Deprecation` header. `retired`: answers `410`. A version a label points at cannot be retired (`409`): move the label first.',
    }),
  })
  .openapi('PatchVersion')

/** `PATCH /v1/prompts/{name}/versions/{version}`: the lifecycle of a version. */
export function registerPatchVersion(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'patch',
    path: '/v1/prompts/{name}/versions/{version}',
    operationId: 'setVersionStatus',
    tags: ['prompts'],
    summary: 'Deprecate, retire or reactivate a version',
    description:
      'Changes only the lifecycle status; the definition of a version never changes. Audited.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'label')] as const,
    request: {
      params: VersionParams,
      body: { required: true, content: { 'application/json': { schema: PatchVersionBody } } },
    },
    responses: {
      200: {
        description: 'The version with its new status.',
        content: { 'application/json': { schema: VersionSchema } },
      },
      ...problems(400, 401, 403, 404, 409, 413, 415, 422),
    },
  })

  app.openapi(route, async (c) => {
    const { name, version } = c.req.valid('param')
    const { status } = c.req.valid('json')
    const actor = c.get('principal')?.name ?? 'unknown'
    const result = await withSpan(
      'canon.version.status',
      {
        'canon.prompt.name': name,
        'canon.prompt.version': version,
        'canon.version.status': status,
      },
      () => setVersionStatus({ db: deps.db, actor }, { name, version, status }),
    )
    deps.cache.invalidatePrompt(name)
    return c.json(versionJson(result.version), 200)
  })
}
