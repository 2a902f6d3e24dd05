/**
 * Diagnostics: every problem in a prompt file is reported as
 * `path:line:col: error|warning: message` (1-based line and column).
 * @module
 */

export type Severity = 'error' | 'warning'

export interface Diagnostic {
  file: string
  /** 1-based line. */
  line: number
  /** 1-based column. */
  col: number
  severity: Severity
  /** Stable machine-readable code, e.g. `yaml-syntax`, `unknown-key`, `template-unsafe`. */
  code: string
  message: string
}

/**
 * Formats a diagnostic the way compilers do, so editors can jump to it.
 * @example formatDiagnostic(d) // "prompts/a.yaml:3:5: error: unknown key `templte` (did you mean `template`?)"
 */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}
