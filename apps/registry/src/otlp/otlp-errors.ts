/**
 * OTLP/HTTP failures for protobuf clients: the body is a protobuf `google.rpc.Status` in the
 * request's content type (JSON clients get the registry's problem+json, as everywhere else).
 * @module
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../http/app-env'
import { encodeRpcStatus } from './proto-codec'

/** HTTP status → google.rpc.Code. */
const RPC_CODES: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  403: 7, // PERMISSION_DENIED
  413: 8, // RESOURCE_EXHAUSTED
  415: 3,
  429: 8,
  503: 14, // UNAVAILABLE
}

/** True for `application/x-protobuf` (and `application/protobuf`). */
export function isProtobufContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase()
  return type === 'application/x-protobuf' || type === 'application/protobuf'
}

/**
 * Rewrites error responses of protobuf requests as `google.rpc.Status` bodies, keeping the
 * status and headers (`WWW-Authenticate`, `X-Request-Id`). First in the route's middleware, so
 * it sees the errors of authorization, limits and the handler.
 */
export function otlpErrorBodies(): MiddlewareHandler<AppEnv> {
  return async function otlpErrors(c, next) {
    await next()
    const res = c.res
    if (res.status < 400 || !isProtobufContentType(c.req.header('content-type'))) return
    let message = res.statusText || 'request failed'
    try {
      const problem = (await res.clone().json()) as { detail?: unknown }
      if (typeof problem.detail === 'string') message = problem.detail
    } catch {
      // Not problem+json: keep the status text.
    }
    const headers = new Headers(res.headers)
    headers.set('content-type', 'application/x-protobuf')
    headers.delete('content-length')
    const code = RPC_CODES[res.status] ?? (res.status >= 500 ? 13 : 3) // INTERNAL / INVALID_ARGUMENT
    c.res = undefined
    c.res = new Response(encodeRpcStatus(code, message), { status: res.status, headers })
  }
}
