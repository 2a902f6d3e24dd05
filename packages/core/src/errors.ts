/**
 * One error model for all of Canon. Code decides the HTTP status (registry) and the
 * exit code (CLI); `detail` is what a user reads.
 * @module
 */

export const ERROR_CODES = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RENDER_FAILED: 422,
  TEMPLATE_UNSAFE: 422,
  RATE_LIMITED: 429,
  UPSTREAM_FAILED: 502,
  UNAVAILABLE: 503,
  CONFIG_INVALID: 500,
  INTERNAL: 500,
} as const

export type ErrorCode = keyof typeof ERROR_CODES

const BRAND = Symbol.for('canon.error')

/**
 * @example throw new CanonError('NOT_FOUND', `prompt ${name} has no label ${label}`)
 */
export class CanonError extends Error {
  readonly [BRAND] = true
  readonly code: ErrorCode
  readonly details?: Record<string, unknown>

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, { cause: options?.cause })
    this.name = 'CanonError'
    this.code = code
    if (options?.details) this.details = options.details
  }

  get status(): number {
    return ERROR_CODES[this.code]
  }
}

/** Brand check instead of `instanceof`: safe across duplicated module copies under pnpm. */
export function isCanonError(err: unknown): err is CanonError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true
}
