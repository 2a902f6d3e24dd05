/**
 * RFC 9457 problem details: the one shape every registry error takes.
 * @module
 */
import { ERROR_CODES, type ErrorCode } from '@canon/core'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** `{type, title, status, detail, requestId}` plus extension members such as `errors`. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  requestId?: string
  [extension: string]: unknown
}

const TITLES: Record<ErrorCode, string> = {
  BAD_REQUEST: 'Bad request',
  VALIDATION_FAILED: 'Validation failed',
  UNAUTHORIZED: 'Unauthorized',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  PRECONDITION_FAILED: 'Precondition failed',
  GONE: 'Gone',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  RENDER_FAILED: 'Render failed',
  TEMPLATE_UNSAFE: 'Template unsafe',
  RATE_LIMITED: 'Too many requests',
  UPSTREAM_FAILED: 'Upstream failed',
  UNAVAILABLE: 'Service unavailable',
  CONFIG_INVALID: 'Internal server error',
  INTERNAL: 'Internal server error',
}

const STATUS_TO_CODE = new Map<number, ErrorCode>()
for (const [code, status] of Object.entries(ERROR_CODES) as [ErrorCode, number][]) {
  if (!STATUS_TO_CODE.has(status)) STATUS_TO_CODE.set(status, code)
}

/** The error code a bare HTTP status stands for (`413` → `PAYLOAD_TOO_LARGE`). */
export function codeForStatus(status: number): ErrorCode {
  return STATUS_TO_CODE.get(status) ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST')
}

/** The status a code is served with; server-side configuration problems are plain 500s. */
export function statusForCode(code: ErrorCode): number {
  return ERROR_CODES[code]
}

/**
 * Builds a problem body. `type` is a stable URN per code (`urn:canon:problem:not-found`), so
 * clients can branch on it without parsing `detail`.
 */
export function buildProblem(
  code: ErrorCode,
  detail: string,
  options: { status?: number; requestId?: string; extensions?: Record<string, unknown> } = {},
): Problem {
  const status = options.status ?? statusForCode(code)
  const base: Problem = {
    type: `urn:canon:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[code],
    status,
    detail,
  }
  if (options.requestId) base.requestId = options.requestId
  // Extensions follow the standard members and never overwrite them.
  for (const [key, value] of Object.entries(options.extensions ?? {})) {
    if (!(key in base)) base[key] = value
  }
  return base
}

/**
 * Sends a problem with the right media type, through the context so headers set by middleware
 * (`X-Request-Id`) are kept.
 */
export function sendProblem(
  c: Context,
  problem: Problem,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    'content-type': PROBLEM_CONTENT_TYPE,
    ...headers,
  })
}
