/// <reference path="./nunjucks-internals.d.ts" />
import lexer from 'nunjucks/src/lexer'
import nodes, { type Node } from 'nunjucks/src/nodes'
import parser from 'nunjucks/src/parser'
import type { Diagnostic } from '../diagnostics'
import { fixPrecedence } from './fix-precedence'
import { PyFloat } from './py-value'

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
 * The source as Jinja2 (keep_trailing_newline off) reads it: every line break becomes `\n`
 * and one trailing line break is dropped.
 * @example jinjaSource('Hi\r\n{{ x }}\n') // 'Hi\n{{ x }}'
 */
export function jinjaSource(source: string): string {
  const s = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source
  return s.endsWith('\n') ? s.slice(0, -1) : s
}

/**
 * Parses a template with nunjucks' own parser (never by regex), taught three things Jinja2
 * has and nunjucks lacks: slices (`x[1:]`), float literals that stay floats (`2.0`), and
 * Jinja2's operator precedence (see fix-precedence.ts). Syntax and lexer errors become one
 * `template-syntax` diagnostic at the file position of the problem.
 */
export function parseTemplate(source: string, origin: TemplateOrigin): ParseResult {
  const text = jinjaSource(source)
  const tokens = lexer.lex(text)
  const p = new parser.Parser(tokens)
  teachJinjaSyntax(p as unknown as ParserInternals, text)
  try {
    return { ok: true, ast: fixPrecedence(p.parseAsRoot()) }
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
    return `${message} (templates support if, for, set, macro, call, filter and raw)`
  }
  return message.replace(/^parse\w*: /, '')
}

interface Token {
  type: string
  value: string
  lineno: number
  colno: number
}

interface ParserInternals {
  peekToken(): Token
  nextToken(): Token
  skip(type: string): boolean
  fail(message: string, lineno?: number, colno?: number): never
  parseExpression(): Node
  parsePrimary(noPostfix?: boolean): Node
  parsePostfix(node: Node): Node
  parseSignature(): Node
  parseSubscript(open: Token): Node
}

type NodeCtor = new (lineno: number, colno: number, ...fields: unknown[]) => Node
const N = nodes as unknown as Record<string, NodeCtor>

/** Marks a slice inside `[...]`; not a nunjucks node type, only Canon's analysis and compiler know it. */
function sliceNode(
  lineno: number,
  colno: number,
  start: Node | null,
  stop: Node | null,
  step: Node | null,
): Node {
  return { typename: 'Slice', fields: ['start', 'stop', 'step'], lineno, colno, start, stop, step }
}

/** Overrides on one parser instance (nunjucks' parser calls its methods through `this`). */
function teachJinjaSyntax(p: ParserInternals, source: string): void {
  const lineStart = [0]
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStart.push(i + 1)
  const parsePrimary = p.parsePrimary
  p.parsePrimary = function (noPostfix?: boolean): Node {
    const tok = this.peekToken()
    let value: unknown
    if (tok?.type === 'float') {
      const n = Number(tok.value)
      // JavaScript numbers do not remember `2.0` was written as a float; Jinja2 prints it so.
      value = Number.isInteger(n) ? new PyFloat(n) : n
    } else if (tok?.type === 'string') {
      // nunjucks knows only \n, \t and \r; Jinja2 decodes string literals as Python does.
      const start = (lineStart[tok.lineno] ?? 0) + tok.colno
      value = pythonString(this, source, start, tok)
    } else {
      return parsePrimary.call(this, noPostfix)
    }
    this.nextToken()
    const node = new N.Literal!(tok.lineno, tok.colno, value)
    return noPostfix ? node : this.parsePostfix(node)
  }
  p.parsePostfix = function (start: Node): Node {
    let node = start
    for (;;) {
      const tok = this.peekToken()
      if (!tok) return node
      if (tok.type === 'left-paren') {
        node = new N.FunCall!(tok.lineno, tok.colno, node, this.parseSignature())
      } else if (tok.type === 'left-bracket') {
        this.nextToken()
        node = new N.LookupVal!(tok.lineno, tok.colno, node, this.parseSubscript(tok))
      } else if (tok.type === 'operator' && tok.value === '.') {
        this.nextToken()
        const val = this.nextToken()
        if (val?.type !== 'symbol') {
          this.fail(`expected name as lookup value, got ${val?.value}`, val?.lineno, val?.colno)
        }
        node = new N.LookupVal!(
          tok.lineno,
          tok.colno,
          node,
          new N.Literal!(val.lineno, val.colno, val.value),
        )
        // `x.name` reads the attribute first, `x["name"]` the item first (Jinja2's getattr/getitem).
        node.dot = true
      } else {
        return node
      }
    }
  }
  p.parseSubscript = function (open: Token): Node {
    const part = (): Node | null => {
      const t = this.peekToken()
      return t && (t.type === 'colon' || t.type === 'right-bracket') ? null : this.parseExpression()
    }
    const start = part()
    if (!this.skip('colon')) {
      if (!start || !this.skip('right-bracket'))
        this.fail('expected `]` after index', open.lineno, open.colno)
      return start as Node
    }
    const stop = part()
    const step = this.skip('colon') ? part() : null
    if (!this.skip('right-bracket')) this.fail('expected `]` after slice', open.lineno, open.colno)
    return sliceNode(open.lineno, open.colno, start, stop, step)
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
}

/** The string literal starting at `start` (its quote), decoded with Python's escape rules. */
function pythonString(p: ParserInternals, source: string, start: number, tok: Token): string {
  const quote = source[start]
  let out = ''
  for (let i = start + 1; i < source.length; i++) {
    const ch = source[i] as string
    if (ch === quote) return out
    if (ch !== '\\') {
      out += ch
      continue
    }
    const e = source[++i] ?? ''
    const simple = SIMPLE_ESCAPES[e]
    if (simple !== undefined) {
      out += simple
      continue
    }
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0
    if (hex > 0) {
      const digits = source.slice(i + 1, i + 1 + hex)
      const code =
        /^[0-9a-fA-F]+$/.test(digits) && digits.length === hex ? Number.parseInt(digits, 16) : NaN
      if (!(code <= 0x10ffff)) p.fail(`invalid \\${e} escape in a string`, tok.lineno, tok.colno)
      out += String.fromCodePoint(code)
      i += hex
    } else if (e >= '0' && e <= '7') {
      const digits = /^[0-7]{1,3}/.exec(source.slice(i, i + 3))?.[0] ?? e
      out += String.fromCodePoint(Number.parseInt(digits, 8))
      i += digits.length - 1
    } else if (e === 'N') {
      p.fail('\\N{…} escapes are not supported in templates', tok.lineno, tok.colno)
    } else {
      // Python keeps unknown escapes as written (`\d` stays backslash-d).
      out += `\\${e}`
    }
  }
  return out
}
