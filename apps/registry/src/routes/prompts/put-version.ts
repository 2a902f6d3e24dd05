import { CanonError, isCanonError, promptDigest } from '@canon/core'
import { getPrompt, publishVersion } from '@canon/db'
import { createRoute } from '@hono/zod-openapi'
import { versionJson } from '../../cache/resources'
import { requireScope } from '../../http/auth'
import { withSpan } from '../../telemetry'
import type { RegistryApp, RouteDeps } from '../deps'
import { VersionParams } from '../params'
import { bearer, problems } from '../responses'
import { VersionSchema } from '../schemas'
import { parsePublishBody } from './publish-body'

/** `PUT /v1/prompts/{name}/versions/{version}`: publish, idempotently. */
export function registerPutVersion(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'put',
    path: '/v1/prompts/{name}/versions/{version}',
    operationId: 'publishVersion',
    tags: ['prompts'],
    summary: 'Publish a version',
    description:
      'Publishes a definition, validated exactly like `canon validate`. `201` for a new version, `200` when the same digest is already published (idempotent), `409` when the version exists with other content (the problem names both digests and the next free version). The name and version of the body must match the path.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'publish')] as const,
    request: {
      params: VersionParams,
      body: {
        required: true,
        description:
          'The definition as JSON (the object itself, or an envelope `{definition, evalSummary?, source?: {commit, path}}`), or the prompt file as YAML.',
        content: {
          'application/json': {
            schema: {
              oneOf: [
                { $ref: '#/components/schemas/PromptDefinition' },
                { $ref: '#/components/schemas/PublishEnvelope' },
              ],
            },
          },
          'application/yaml': {
            schema: {
              type: 'string',
              description:
                'A prompt file as YAML, in the same format as the files under `prompts/` (validated by the same rules as `canon validate`).',
            },
          },
        },
      },
    },
    responses: {
      201: {
        description: 'Published.',
        headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } },
        content: { 'application/json': { schema: VersionSchema } },
      },
      200: {
        description: 'Already published with the same digest; nothing changed.',
        content: { 'application/json': { schema: VersionSchema } },
      },
      ...problems(400, 401, 403, 409, 413, 415, 422),
    },
  })

  app.openapi(route, async (c) => {
    const { name, version } = c.req.valid('param')
    const request = parsePublishBody(c.req.header('content-type'), await c.req.text())
    const { definition } = request
    if (definition.name !== name || definition.version !== version) {
      throw new CanonError(
        'BAD_REQUEST',
        `the body defines ${definition.name} version ${definition.version}, but the path is ${name} version ${version}`,
      )
    }
    const digest = promptDigest(definition)
    const actor = c.get('principal')?.name ?? 'unknown'
    const result = await withSpan(
      'canon.publish',
      { 'canon.prompt.name': name, 'canon.prompt.version': version, 'canon.prompt.digest': digest },
      async (span) => {
        try {
          const published = await publishVersion({ db: deps.db, actor }, { ...request, digest })
          span.setAttribute('canon.publish.status', published.status)
          return published
        } catch (err) {
          throw isCanonError(err) && err.code === 'CONFLICT'
            ? await withNextVersion(deps, name, err)
            : err
        }
      },
    )
    // Other replicas learn about the new `latest` from the NOTIFY the publish sends.
    deps.cache.invalidatePrompt(name)
    const published = versionJson(result.version)
    const etag = `"${published.digest}"`
    if (result.status === 'unchanged') return c.json(published, 200, { etag })
    const location = `/v1/prompts/${encodeURIComponent(published.name)}/versions/${version}`
    return c.json(published, 201, { etag, location })
  })
}

/** Adds the next free version to a conflict, so CI can tell the author what to bump to. */
async function withNextVersion(
  deps: RouteDeps,
  name: string,
  err: CanonError,
): Promise<CanonError> {
  const prompt = await getPrompt(deps.db, name).catch(() => null)
  const highest = prompt?.versions.reduce((max, v) => Math.max(max, v.version), 0) ?? 0
  if (highest === 0) return err
  const next = highest + 1
  return new CanonError('CONFLICT', `${err.message} The next free version is ${next}.`, {
    cause: err,
    details: { ...err.details, nextVersion: next },
  })
}
