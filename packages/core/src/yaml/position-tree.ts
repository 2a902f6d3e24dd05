/**
 * The position tree: where every key and value of a parsed YAML document sits in its file,
 * so a path like `inputs.ticket.type` or `messages[1].role` becomes a line:col.
 * @module
 */
import type { LineIndex, SourcePosition } from './line-index'

export type NodeKind = 'mapping' | 'sequence' | 'scalar' | 'alias' | 'empty'

/** How a scalar is written: `plain`, quoted, or a `|` literal / `>` folded block. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded'

export interface PositionNode {
  kind: NodeKind
  /** First character of the value (after any `&anchor` or `!tag`). */
  start: SourcePosition
  /** Offset just past the value. */
  end: number
  /** Where the key is, when this node is the value of a mapping entry. */
  key?: SourcePosition
  style?: ScalarStyle
  entries?: Map<string, PositionNode>
  items?: PositionNode[]
}

export type PathSegment = string | number

/** What `locate` found: the deepest node on the path, and whether it is the path's own node. */
export interface Located {
  node: PositionNode
  /** The key's position when the node is a mapping value, else the value's. */
  key: SourcePosition
  value: SourcePosition
  exact: boolean
}

/**
 * Parses `inputs.ticket.type` / `messages[1].role` into path segments.
 * @example parsePath('messages[1].role') // ['messages', 1, 'role']
 */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = []
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part)
    if (!m) {
      out.push(part)
      continue
    }
    if (m[1]) out.push(m[1])
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]))
  }
  return out
}

/**
 * Positions of one YAML document.
 * @example tree.locate('inputs.ticket').key // { line: 4, col: 3, offset: 41 }
 */
export class PositionTree {
  readonly root: PositionNode
  readonly lines: LineIndex

  constructor(root: PositionNode, lines: LineIndex) {
    this.root = root
    this.lines = lines
  }

  /** The deepest node along `path`; `exact` is false when the path goes past what the file has. */
  locate(path: string | readonly PathSegment[]): Located {
    const segments = typeof path === 'string' ? parsePath(path) : path
    let node = this.root
    let exact = true
    for (const seg of segments) {
      const next = typeof seg === 'number' ? node.items?.[seg] : node.entries?.get(String(seg))
      if (!next) {
        exact = false
        break
      }
      node = next
    }
    return { node, key: node.key ?? node.start, value: node.start, exact }
  }
}
