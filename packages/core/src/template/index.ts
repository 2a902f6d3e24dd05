/**
 * Template analysis and strict rendering (nunjucks).
 * @module
 */
import type { Diagnostic } from '../diagnostics'

/** Where a template starts in its file, to place diagnostics (1-based). */
export interface TemplateOrigin {
  file: string
  line: number
  col: number
}

/**
 * Parses a template and reports its free variables and any syntax/safety problems.
 * @example analyzeTemplate('Hi {{ name }}', { file: 'a.yaml', line: 5, col: 11 }).variables // ['name']
 */
export function analyzeTemplate(
  source: string,
  origin: TemplateOrigin,
): { variables: string[]; diagnostics: Diagnostic[] } {
  void source
  void origin
  return { variables: [], diagnostics: [] }
}
