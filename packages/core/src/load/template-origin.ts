/**
 * Where a template string's first character sits in its file, per YAML scalar style.
 * @module
 */
import type { TemplateOrigin } from '../template'
import type { LineIndex } from '../yaml/line-index'
import type { PositionNode } from '../yaml/position-tree'

/**
 * For a `|` / `>` block, template line 1 is the line after the header and columns start past the
 * block's indentation; for a quoted scalar, past the quote; for a plain scalar, at its start.
 */
export function templateOrigin(node: PositionNode, lines: LineIndex, file: string): TemplateOrigin {
  const { start } = node
  if (node.style === 'literal' || node.style === 'folded') {
    const text = lines.text
    const headerEnd = text.indexOf('\n', start.offset)
    if (headerEnd === -1) return { file, line: start.line + 1, col: 1 }
    const header = text.slice(start.offset, headerEnd).replace(/\s+#.*$/, '')
    const explicit = /[1-9]/.exec(header)
    let indent: number
    if (explicit) {
      // `|2` is relative to the parent's indentation: the key's column − 1.
      indent = (node.key ? node.key.col - 1 : 0) + Number(explicit[0])
    } else {
      const rest = text.slice(headerEnd + 1, Math.max(node.end, headerEnd + 1))
      const first = /^( *)\S/m.exec(rest)
      indent = first ? (first[1]?.length ?? 0) : 0
    }
    return { file, line: start.line + 1, col: indent + 1 }
  }
  if (node.style === 'double' || node.style === 'single')
    return { file, line: start.line, col: start.col + 1 }
  return { file, line: start.line, col: start.col }
}

/**
 * The file position of `needle` inside a scalar's source text, or undefined when the scalar's
 * escapes or folding hide it.
 */
export function findInNode(
  node: PositionNode,
  lines: LineIndex,
  needle: string,
): { line: number; col: number } | undefined {
  if (!needle) return undefined
  const i = lines.text.slice(node.start.offset, node.end).indexOf(needle)
  return i === -1 ? undefined : lines.at(node.start.offset + i)
}

/**
 * Where a template first reads `name` inside a `{{ }}` or `{% %}` tag, looking at the scalar's
 * source text; undefined when it cannot be seen there.
 */
export function findVariable(
  node: PositionNode,
  lines: LineIndex,
  name: string,
): { line: number; col: number } | undefined {
  const slice = lines.text.slice(node.start.offset, node.end)
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const word = new RegExp(`(?<![\\w.$'"])${escaped}(?![\\w$])`)
  for (const tag of slice.matchAll(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g)) {
    const w = word.exec(tag[0])
    if (w) return lines.at(node.start.offset + (tag.index ?? 0) + w.index)
  }
  return undefined
}
