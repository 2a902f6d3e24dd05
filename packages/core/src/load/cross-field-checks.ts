/**
 * Rules that span fields: exactly one of `template` / `messages`, and no field given in both its
 * long and short form. Checked on the raw document so they show up alongside schema errors.
 * @module
 */
import type { Diagnostic } from '../diagnostics'
import { type CheckContext, diagnostic, positionOf } from './context'

const PAIRS: ReadonlyArray<[long: string, short: string]> = [
  ['inputs', 'input_variables'],
  ['model', 'execution_settings'],
]

export function crossFieldChecks(raw: Record<string, unknown>, ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  const has = (k: string) => raw[k] !== undefined && raw[k] !== null
  if (has('template') && has('messages')) {
    out.push(
      diagnostic(
        ctx,
        positionOf(ctx, ['messages'], 'key'),
        'error',
        'template-and-messages',
        'both `template` and `messages` are set; a prompt has exactly one (`template` for text, `messages` for chat)',
      ),
    )
  } else if (!has('template') && !has('messages')) {
    out.push(
      diagnostic(
        ctx,
        positionOf(ctx, []),
        'error',
        'missing-template',
        'missing `template` (a text prompt) or `messages` (a chat prompt)',
      ),
    )
  }
  for (const [long, short] of PAIRS) {
    if (has(long) && has(short)) {
      out.push(
        diagnostic(
          ctx,
          positionOf(ctx, [short], 'key'),
          'error',
          'conflicting-fields',
          `both \`${long}\` and its short form \`${short}\` are set; keep one`,
        ),
      )
    }
  }
  return out
}
