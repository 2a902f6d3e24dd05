/**
 * What every check of one prompt file shares: its name, its positions, how to read its neighbours.
 * @module
 */
import type { Diagnostic, Severity } from '../diagnostics'
import type { PathSegment, PositionTree } from '../yaml/position-tree'

export interface CheckContext {
  file: string
  positions?: PositionTree
  readFile?: (relPath: string) => string | undefined
}

/** Position of a path's key (`'key'`) or value (`'value'`); 1:1 when positions are unknown. */
export function positionOf(
  ctx: CheckContext,
  path: readonly PathSegment[],
  which: 'key' | 'value' = 'value',
): { line: number; col: number } {
  if (!ctx.positions) return { line: 1, col: 1 }
  const found = ctx.positions.locate(path)
  return which === 'key' ? found.key : found.value
}

export function diagnostic(
  ctx: CheckContext,
  at: { line: number; col: number },
  severity: Severity,
  code: string,
  message: string,
): Diagnostic {
  return { file: ctx.file, line: at.line, col: at.col, severity, code, message }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
