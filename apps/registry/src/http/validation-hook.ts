import { CanonError } from '@canon/core'
import type { z } from '@hono/zod-openapi'

/** Result shape `@hono/zod-openapi` hands to a validation hook. */
interface HookResult {
  success: boolean
  target: string
  error?: z.ZodError
}

/**
 * Turns request validation failures into `CanonError`s for the one error handler: bad path,
 * query or header values are `400`; a well-formed JSON body that breaks the schema is `422`.
 * Every issue is listed in `errors` as `{path, message}`.
 */
export function validationHook(result: HookResult): void {
  if (result.success || !result.error) return
  const where = result.target === 'param' ? 'path' : result.target
  const errors = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }))
  const first = errors[0]
  const detail = first ? `${first.path}: ${first.message}` : `invalid ${where}`
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
  throw new CanonError(
    result.target === 'json' ? 'VALIDATION_FAILED' : 'BAD_REQUEST',
    `${detail}${more}`,
    { details: { errors } },
  )
}

/**
 * Validates path parameters inside a handler, with the same errors as the route validators.
 * For the hot routes: Hono's validator middleware reads `Content-Type` first, which makes
 * @hono/node-server build a `Headers` object for every request.
 */
export function validPathParams<T extends z.ZodType>(
  schema: T,
  params: Record<string, string>,
): z.output<T> {
  const result = schema.safeParse(params)
  if (!result.success) validationHook({ success: false, target: 'param', error: result.error })
  return result.data as z.output<T>
}
