/**
 * Reports text that cannot be stored (NUL, lone surrogates; see `unsafe-text.ts`) anywhere in a
 * prompt file, keys included, at its line:col. YAML escapes such as `"\0"` or `"\ud800"` produce
 * them from clean bytes, so the check runs on parsed values, not on the file's text.
 * @module
 */
import type { Diagnostic } from '../diagnostics'
import { describeTextPath, unsafeTextIn } from '../unsafe-text'
import { type CheckContext, diagnostic, positionOf } from './context'

/** Diagnostic code of these errors (the registry answers them with 400, not 422). */
export const UNSAFE_TEXT_CODE = 'unsafe-text'

/** At most this many are reported: one file rarely has more than a few, and each is an error. */
const MAX_REPORTED = 20

export function textChecks(raw: unknown, ctx: CheckContext): Diagnostic[] {
  return unsafeTextIn(raw, MAX_REPORTED).map((bad) =>
    diagnostic(
      ctx,
      positionOf(ctx, bad.path, bad.at),
      'error',
      UNSAFE_TEXT_CODE,
      `${bad.at === 'key' ? 'the key ' : ''}${describeTextPath('', bad.path) || 'the document'} ${bad.reason}`,
    ),
  )
}
