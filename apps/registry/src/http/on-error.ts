import { isCanonError } from '@canon/core'
import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Logger } from '../logger'
import type { AppEnv } from './app-env'
import { buildProblem, codeForStatus, sendProblem } from './problem'

/**
 * The one error handler: every error leaves as problem+json with the request id. `CanonError`
 * keeps its status; Hono's own HTTP errors (bad JSON, body too large, unsupported media type)
 * keep theirs; anything else is a 500 whose stack is logged and never returned.
 */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    const requestId = c.get('requestId')
    if (isCanonError(err)) {
      if (err.status >= 500) logFailure(logger, c, err)
      const problem = buildProblem(err.code, err.message, {
        requestId,
        ...(err.details ? { extensions: err.details } : {}),
      })
      return sendProblem(c, problem, authenticateHeader(err.status, err.details))
    }
    if (err instanceof HTTPException) {
      const status = err.status
      const code = codeForStatus(status)
      if (status >= 500) logFailure(logger, c, err)
      const detail = status >= 500 ? 'internal error' : httpExceptionDetail(status, err.message)
      return sendProblem(c, buildProblem(code, detail, { status, requestId }))
    }
    logFailure(logger, c, err)
    return sendProblem(
      c,
      buildProblem('INTERNAL', `internal error; quote request id ${requestId} when reporting it`, {
        requestId,
      }),
    )
  }
}

function logFailure(logger: Logger, c: Context<AppEnv>, err: Error): void {
  logger.error('request failed', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    error: err,
  })
}

function httpExceptionDetail(status: number, message: string): string {
  if (status === 413) return 'request body is larger than the configured limit'
  if (status === 415) return 'unsupported Content-Type for this route'
  if (/malformed json/i.test(message)) return 'request body is not valid JSON'
  return message || 'bad request'
}

/** RFC 6750 challenges for 401/403, built from the error's details. */
function authenticateHeader(
  status: number,
  details: Record<string, unknown> | undefined,
): Record<string, string> {
  if (status === 401) {
    const invalid = details?.reason === 'invalid_token' ? ', error="invalid_token"' : ''
    return { 'www-authenticate': `Bearer realm="canon"${invalid}` }
  }
  if (status === 403 && typeof details?.requiredScope === 'string') {
    return {
      'www-authenticate': `Bearer realm="canon", error="insufficient_scope", scope="${details.requiredScope}"`,
    }
  }
  return {}
}
