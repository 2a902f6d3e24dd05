import { createRoute } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import { IMMUTABLE, sendResource } from '../../http/send-resource'
import { validPathParams } from '../../http/validation-hook'
import type { RegistryApp, RouteDeps } from '../deps'
import { pathParameters, VersionParams } from '../params'
import { bearer, etagHeader, ifNoneMatchParameter, problems } from '../responses'
import { VersionSchema } from '../schemas'

/** `GET /v1/prompts/{name}/versions/{version}`: one immutable version, from memory when warm. */
export function registerGetVersion(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/prompts/{name}/versions/{version}',
    operationId: 'getVersion',
    tags: ['prompts'],
    summary: 'Get a version',
    description:
      'The definition of one published version. `ETag` is the digest and the response is cacheable forever; deprecated versions carry a `Deprecation` header, retired ones answer `410`.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'read')] as const,
    parameters: [pathParameters.name, pathParameters.version, ifNoneMatchParameter],
    responses: {
      200: {
        description: 'The version.',
        headers: etagHeader,
        content: { 'application/json': { schema: VersionSchema } },
      },
      304: { description: 'Not modified (`If-None-Match` matched).', headers: etagHeader },
      ...problems(400, 401, 403, 404, 410),
    },
  })

  app.openapi(route, async (c) => {
    const { name, version } = validPathParams(VersionParams, c.req.param())
    const cached = deps.cache.version(name, version)
    const resource = cached instanceof Promise ? await cached : cached
    return sendResource(c, resource, IMMUTABLE, () => `version ${version} of ${name}`)
  })
}
