/// <reference path="./nunjucks-internals.d.ts" />
import lexer from 'nunjucks/src/lexer'
import type { Node } from 'nunjucks/src/nodes'
import parser from 'nunjucks/src/parser'
import type { Diagnostic } from '../diagnostics'

/**
 * Where a template starts in its file (1-based). `col` is the column of the template's
 * first character; for a YAML block scalar (`template: |`) that is the indentation
 * column, which is where every line of the template starts, so it applies to all lines.
 */
export interface TemplateOrigin {
  file: string
  line: number
  col: number
}

export type ParseResult = { ok: true; ast: Node } | { ok: false; diagnostic: Diagnostic }

/**
 * Maps a 1-based position inside a template to its position in the file.
 * @example toFilePosition({ file: 'a.yaml', line: 5, col: 3 }, 2, 4) // { line: 6, col: 6 }
 */
export function toFilePosition(
  origin: TemplateOrigin,
  line: number,
  col: number,
): { line: number; col: number } {
  return { line: origin.line + line - 1, col: origin.col + col - 1 }
}

// Errors that went through nunjucks' Template carry their position in the message only.
const POSITION_IN_MESSAGE = /^\([^)]*\) \[Line (\d+)(?:, Column (\d+))?\]\s*/

/**
 * Parses a template with nunjucks' own parser (never by regex). Syntax and lexer errors
 * become one `template-syntax` diagnostic at the file position of the problem.
 */
export function parseTemplate(source: string, origin: TemplateOrigin): ParseResult {
  const tokens = lexer.lex(source)
  const p = new parser.Parser(tokens)
  try {
    return { ok: true, ast: p.parseAsRoot() }
  } catch (err) {
    const e = err as { message?: unknown; lineno?: unknown; colno?: unknown }
    let message = String(e.message ?? err)
    let line = typeof e.lineno === 'number' ? e.lineno : undefined
    let col = typeof e.colno === 'number' ? e.colno : undefined
    const m = POSITION_IN_MESSAGE.exec(message)
    if (m) {
      line ??= Number(m[1])
      col ??= m[2] ? Number(m[2]) : undefined
      message = message.slice(m[0].length)
    }
    // Errors at end of input (unclosed tags, comments, strings) carry no position:
    // the lexer has stopped where the input ran out, which is what an editor should show.
    line ??= tokens.lineno + 1
    col ??= tokens.colno + 1
    const pos = toFilePosition(origin, line, col)
    return {
      ok: false,
      diagnostic: {
        file: origin.file,
        ...pos,
        severity: 'error',
        code: 'template-syntax',
        message: `template syntax error: ${describeSyntaxError(message)}`,
      },
    }
  }
}

function describeSyntaxError(message: string): string {
  if (message.startsWith('unknown block tag:')) {
    return `${message} (templates support if, for, set, macro, call, filter, switch and raw)`
  }
  return message.replace(/^parse\w*: /, '')
}
