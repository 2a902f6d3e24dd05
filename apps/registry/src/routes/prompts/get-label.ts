import { createRoute } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import { REVALIDATE, sendResource } from '../../http/send-resource'
import { validPathParams } from '../../http/validation-hook'
import { recordError, tracer } from '../../telemetry'
import type { RegistryApp, RouteDeps } from '../deps'
import { LabelParams, pathParameters } from '../params'
import { bearer, etagHeader, ifNoneMatchParameter, problems } from '../responses'
import { LabeledVersionSchema } from '../schemas'

/** `GET /v1/prompts/{name}/labels/{label}`: the version a label points at, revalidated by ETag. */
export function registerGetLabel(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/prompts/{name}/labels/{label}',
    operationId: 'getLabel',
    tags: ['prompts'],
    summary: 'Resolve a label',
    description:
      'The version a label points at (`latest` = the highest version that is not retired). A missing label is `404`, never a fallback. The `ETag` changes when the label moves; clients revalidate with `If-None-Match` (`Cache-Control: no-cache`).',
    security: bearer,
    middleware: [requireScope(deps.keys, 'read')] as const,
    parameters: [pathParameters.name, pathParameters.label, ifNoneMatchParameter],
    responses: {
      200: {
        description: 'The labelled version.',
        headers: etagHeader,
        content: { 'application/json': { schema: LabeledVersionSchema } },
      },
      304: {
        description: 'Not modified: the label still points at the same version.',
        headers: etagHeader,
      },
      ...problems(400, 401, 403, 404, 410),
    },
  })

  app.openapi(route, async (c) => {
    const { name, label } = validPathParams(LabelParams, c.req.param())
    const span = tracer.startSpan('canon.resolve', {
      attributes: { 'canon.prompt.name': name, 'canon.prompt.label': label },
    })
    try {
      const cached = deps.cache.label(name, label)
      span.setAttribute('canon.cache.hit', !(cached instanceof Promise))
      const resource = cached instanceof Promise ? await cached : cached
      return sendResource(c, resource, REVALIDATE, () => `the version ${name}@${label} points at`)
    } catch (err) {
      recordError(span, err)
      throw err
    } finally {
      span.end()
    }
  })
}
