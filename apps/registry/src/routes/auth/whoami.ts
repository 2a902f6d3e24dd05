import { CanonError } from '@canon/core'
import { createRoute, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../http/app-env'
import { incomingHeader } from '../../http/incoming-header'
import type { KeyCache } from '../../http/key-cache'
import type { RegistryApp, RouteDeps } from '../deps'
import { bearer, problems } from '../responses'

/** Same shape check as `requireScope`: anything else is an invalid key without a lookup. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{8,512}$/

const WhoamiSchema = z
  .object({
    name: z.string().openapi({ example: 'admin' }),
    scopes: z
      .array(z.enum(['read', 'publish', 'label', 'telemetry', 'admin']))
      .openapi({ description: 'What the key may do; `admin` implies every scope.' }),
  })
  .openapi('Whoami')

/**
 * `GET /v1/whoami`: the name and scopes of the presented key, whatever its scopes, so a client
 * (the dashboard) can offer only the actions the key allows.
 */
export function registerWhoami(app: RegistryApp, deps: RouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/whoami',
    operationId: 'whoami',
    tags: ['auth'],
    summary: 'The presented API key',
    description: 'Name and scopes of the key in `Authorization`; any valid key may ask.',
    security: bearer,
    middleware: [requireAnyKey(deps.keys)] as const,
    responses: {
      200: {
        description: 'The key.',
        content: { 'application/json': { schema: WhoamiSchema } },
      },
      ...problems(401),
    },
  })

  app.openapi(route, (c) => {
    const principal = c.get('principal')
    if (!principal) throw new CanonError('UNAUTHORIZED', 'invalid or revoked API key')
    return c.json({ name: principal.name, scopes: [...principal.scopes] }, 200, {
      'cache-control': 'no-store',
    })
  })
}

/** `401` unless the request carries a valid, unrevoked key; no scope is required. */
function requireAnyKey(keys: KeyCache): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const header = incomingHeader(c, 'authorization')
    const token = header === undefined ? undefined : (/^Bearer +(\S+) *$/i.exec(header)?.[1] ?? '')
    const valid = token !== undefined && TOKEN_PATTERN.test(token)
    const principal = valid ? await keys.lookup(token) : null
    if (!principal) {
      throw new CanonError(
        'UNAUTHORIZED',
        token === undefined
          ? 'missing API key: send `Authorization: Bearer <key>`'
          : 'invalid or revoked API key',
        token === undefined ? {} : { details: { reason: 'invalid_token' } },
      )
    }
    c.set('principal', principal)
    await next()
  }
}
