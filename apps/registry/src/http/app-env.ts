import type { ApiKeyScope } from './scopes'

/** The API key that authenticated a request, as the routes see it. */
export interface Principal {
  id: string
  name: string
  scopes: readonly ApiKeyScope[]
}

/** Hono environment of the registry app: per-request variables set by middleware. */
export interface AppEnv {
  Variables: {
    /** Set first thing by `requestIds()`. */
    requestId: string
    /** True when the response already carries `X-Request-Id`. */
    requestIdSent?: boolean
    principal?: Principal
  }
}
