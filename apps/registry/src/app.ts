/**
 * `createApp`: the registry's HTTP application, the same for production and tests (tests call
 * `app.request()` in process).
 * @module
 */
import type { Database } from '@canon/db'
import { verifyApiKey } from '@canon/db'
import { type Flags, noFlags, VariantResolver } from '@canon/sdk/flags'
import { OpenAPIHono } from '@hono/zod-openapi'
import { listenForInvalidations } from './cache/invalidation'
import { databaseLoaders } from './cache/loaders'
import { PromptCache } from './cache/prompt-cache'
import { type Clock, systemClock } from './clock'
import type { RegistryConfig } from './config'
import type { AppEnv } from './http/app-env'
import { drainUnreadBody, limitBody } from './http/body-limit'
import { KeyCache } from './http/key-cache'
import { createErrorHandler } from './http/on-error'
import { buildProblem, sendProblem } from './http/problem'
import { rejectUnsafeText } from './http/reject-unsafe-text'
import { requestIds } from './http/request-id'
import { requestLog } from './http/request-log'
import { validationHook } from './http/validation-hook'
import type { Logger } from './logger'
import { registerWhoami } from './routes/auth/whoami'
import { registerDashboard } from './routes/dashboard/serve-dashboard'
import type { Lifecycle, RegistryApp, RouteDeps } from './routes/deps'
import { registerApiReference } from './routes/docs/api-reference'
import { registerHealthz } from './routes/health/healthz'
import { registerReadyz } from './routes/health/readyz'
import { registerKeys } from './routes/keys'
import { registerAbComparison } from './routes/metrics/ab'
import { registerMetricsOverview } from './routes/metrics/overview'
import { registerPromptMetrics } from './routes/metrics/prompt'
import { registerGetPrompt } from './routes/prompts/get'
import { registerGetLabel } from './routes/prompts/get-label'
import { registerGetVersion } from './routes/prompts/get-version'
import { registerLabelHistory } from './routes/prompts/label-history'
import { registerListPrompts } from './routes/prompts/list'
import { registerPatchVersion } from './routes/prompts/patch-version'
import { registerPutLabel } from './routes/prompts/put-label'
import { registerPutVersion } from './routes/prompts/put-version'
import { registerResolve } from './routes/prompts/resolve'
import { PromptDefinitionSchema, PublishEnvelopeSchema } from './routes/schemas'
import { registerPostScores } from './routes/scores/post'
import { registerGetSnapshot } from './routes/snapshot/get'
import { DEFAULT_OTLP_BODY_LIMIT, registerPostTraces, TRACES_PATH } from './routes/traces/post'

export interface AppDeps {
  db: Database
  config: Pick<RegistryConfig, 'bodyLimitBytes'>
  logger: Logger
  clock?: Clock
  /** Shared with `startRegistry`, which flips `draining` on shutdown. */
  lifecycle?: Lifecycle
  /** The dashboard build served at `/` (default `apps/dashboard/dist`). */
  dashboardDir?: string
  /** Feature flags for `POST …/resolve` (default: none, every context gets the label). */
  flags?: Flags
}

/**
 * Builds the registry app: the versioned prompt API, `/openapi.json`, `/docs`, problem+json errors,
 * request ids, scoped bearer keys, request logs, and the in-memory cache kept fresh by
 * Postgres LISTEN/NOTIFY.
 *
 * @example
 * const app = createApp({ db, config: { bodyLimitBytes: 1 << 20 }, logger: silentLogger })
 * const res = await app.request('/v1/prompts', { headers: { authorization: `Bearer ${key}` } })
 */
export function createApp(deps: AppDeps): RegistryApp {
  const clock = deps.clock ?? systemClock
  const lifecycle = deps.lifecycle ?? { draining: false }
  const cache = new PromptCache(databaseLoaders(deps.db))
  const keys = new KeyCache(async (token) => verifyApiKey(deps.db, token), clock)
  const routeDeps: RouteDeps = { db: deps.db, cache, keys, lifecycle }
  void listenForInvalidations(deps.db, cache, deps.logger, keys)

  const app: RegistryApp = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use(requestIds())
  app.use(requestLog(deps.logger))
  // Only on methods with a body: reading `body` makes @hono/node-server build a full Request,
  // which the read hot path must not pay for. Every answer waits until the body is read (or
  // discarded), so the client gets it instead of a connection reset.
  const limit = limitBody({ maxBytes: deps.config.bodyLimitBytes })
  app.on(['PUT', 'PATCH', 'POST', 'DELETE'], '*', drainUnreadBody())
  // OTLP batches are larger: /v1/traces applies its own limit, also after decompression.
  app.on(['PUT', 'PATCH', 'POST', 'DELETE'], '*', (c, next) =>
    c.req.path === TRACES_PATH ? next() : limit(c, next),
  )
  // NUL and lone surrogates are 400 before any route; OTLP rejects such spans one by one.
  app.use(rejectUnsafeText({ skipBodyPaths: [TRACES_PATH] }))
  app.onError(createErrorHandler(deps.logger))
  app.notFound((c) =>
    sendProblem(
      c,
      buildProblem('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`, {
        requestId: c.get('requestId'),
      }),
    ),
  )

  registerHealthz(app)
  registerReadyz(app, routeDeps)
  registerListPrompts(app, routeDeps)
  registerGetPrompt(app, routeDeps)
  registerGetVersion(app, routeDeps)
  registerPutVersion(app, routeDeps)
  registerPatchVersion(app, routeDeps)
  registerGetLabel(app, routeDeps)
  registerPutLabel(app, routeDeps)
  registerLabelHistory(app, routeDeps)
  registerGetSnapshot(app, routeDeps)
  registerPostTraces(app, routeDeps, {
    maxBodyBytes: Math.max(deps.config.bodyLimitBytes, DEFAULT_OTLP_BODY_LIMIT),
  })
  registerPostScores(app, routeDeps)
  registerMetricsOverview(app, routeDeps)
  registerPromptMetrics(app, routeDeps)
  registerAbComparison(app, routeDeps)
  const variants = new VariantResolver(deps.flags ?? noFlags, (flag, variant) =>
    deps.logger.warn('flag variant names no version; resolving from the label', {
      flag,
      variant: variant.name,
    }),
  )
  registerResolve(app, { ...routeDeps, variants })
  registerWhoami(app, routeDeps)
  registerKeys(app, routeDeps)
  registerDocs(app)
  // Last: its catch-all answers only GETs no API route took.
  registerDashboard(app, deps.dashboardDir !== undefined ? { dir: deps.dashboardDir } : {})
  return app
}

/** `/openapi.json` (OpenAPI 3.1, generated once) and the browsable reference at `/docs`. */
function registerDocs(app: RegistryApp): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key with the scope the route needs (`read`, `publish`, `label`; `admin` implies all).',
  })
  app.openAPIRegistry.register('PromptDefinition', PromptDefinitionSchema)
  app.openAPIRegistry.register('PublishEnvelope', PublishEnvelopeSchema)
  let document: string | undefined
  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Canon registry',
          version: '1.0.0',
          description:
            'Versioned, immutable prompts by name and version or label: a published version never changes, labels (`production`, `staging`, …) move between versions with compare-and-set, and every change is audited. Errors are `application/problem+json`.',
        },
      }),
    )
    return c.body(document, 200, { 'content-type': 'application/json' })
  })
  registerApiReference(app)
}
