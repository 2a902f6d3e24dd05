/**
 * Colours for the terminal report, injected so the eval package stays free of terminal
 * libraries: the CLI passes picocolors, tests and files get `plainPainter`.
 * @module
 */

/** The styles the terminal report uses; each wraps a string. */
export interface Painter {
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  cyan(text: string): string
  dim(text: string): string
  bold(text: string): string
  inverse(text: string): string
}

const same = (text: string) => text

/** No colours at all (files, CI logs, tests). */
export const plainPainter: Painter = {
  red: same,
  green: same,
  yellow: same,
  cyan: same,
  dim: same,
  bold: same,
  inverse: same,
}
