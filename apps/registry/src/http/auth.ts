import { CanonError } from '@canon/core'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env'
import { incomingHeader } from './incoming-header'
import type { KeyCache } from './key-cache'
import { type ApiKeyScope, hasScope } from './scopes'

/** Keys are long random strings; anything outside this shape is rejected before any lookup. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{8,512}$/

/**
 * Bearer-key authorization for one scope: `401` (with `WWW-Authenticate: Bearer`) without a
 * valid key, `403` when the key lacks the scope. `admin` implies every scope.
 * @example createRoute({ ..., middleware: [requireScope(keys, 'read')] })
 */
export function requireScope(keys: KeyCache, scope: ApiKeyScope): MiddlewareHandler<AppEnv> {
  return async function authorize(c, next) {
    const token = bearerToken(incomingHeader(c, 'authorization'))
    const lookup = token ? keys.lookup(token) : null
    const principal = lookup instanceof Promise ? await lookup : lookup
    if (!principal) {
      throw new CanonError(
        'UNAUTHORIZED',
        token === undefined
          ? 'missing API key: send `Authorization: Bearer <key>`'
          : 'invalid or revoked API key',
        token === undefined ? {} : { details: { reason: 'invalid_token' } },
      )
    }
    if (!hasScope(principal.scopes, scope)) {
      throw new CanonError(
        'FORBIDDEN',
        `API key \`${principal.name}\` lacks the \`${scope}\` scope this route needs`,
        { details: { requiredScope: scope } },
      )
    }
    c.set('principal', principal)
    await next()
  }
}

/** `Bearer <token>` → token; a malformed header counts as an invalid key, not a missing one. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const match = /^Bearer +(\S+) *$/i.exec(header)
  const token = match?.[1]
  if (token === undefined || !TOKEN_PATTERN.test(token)) return ''
  return token
}
