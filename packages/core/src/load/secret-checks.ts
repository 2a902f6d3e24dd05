/**
 * Reports credentials anywhere in a prompt file's string values, at their exact line:col.
 * @module
 */
import type { Diagnostic } from '../diagnostics'
import { redactSecret, SECRET_KIND_LABELS, scanSecrets } from '../secrets'
import type { PathSegment } from '../yaml/position-tree'
import { type CheckContext, diagnostic, isRecord, positionOf } from './context'
import { findInNode } from './template-origin'

function* strings(v: unknown, path: PathSegment[]): Generator<[string, PathSegment[]]> {
  if (typeof v === 'string') yield [v, path]
  else if (Array.isArray(v))
    for (let i = 0; i < v.length; i += 1) yield* strings(v[i], [...path, i])
  else if (isRecord(v))
    for (const [k, child] of Object.entries(v)) yield* strings(child, [...path, k])
}

function fieldName(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('')
}

export function secretChecks(raw: unknown, ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const [text, path] of strings(raw, [])) {
    for (const hit of scanSecrets(text)) {
      const token = text.slice(hit.index, hit.index + hit.length)
      const node = ctx.positions?.locate(path)
      const at =
        (node?.exact && ctx.positions && findInNode(node.node, ctx.positions.lines, token)) ||
        positionOf(ctx, path)
      out.push(
        diagnostic(
          ctx,
          at,
          'error',
          'secret',
          `${fieldName(path)} contains what looks like ${SECRET_KIND_LABELS[hit.kind]} (${redactSecret(text, hit)}); remove it and pass secrets at run time`,
        ),
      )
    }
  }
  return out
}
