/**
 * YAML parsing that keeps positions (js-yaml's `listener` events) and refuses alias bombs.
 * @module
 */
import yaml from 'js-yaml'
import type { Diagnostic } from '../diagnostics'
import { LineIndex } from './line-index'
import type { NodeKind, PositionNode, ScalarStyle } from './position-tree'
import { PositionTree } from './position-tree'

/** Aliases may expand a document to at most this many nodes (a billion-laughs guard). */
export const MAX_EXPANDED_NODES = 100_000

// @types/js-yaml lags js-yaml 4: `types` and the `maxDepth` option exist but are not declared.
const { merge } = (yaml as unknown as { types: { merge: yaml.Type } }).types

/** YAML 1.2 core schema (no timestamps or binary: dates stay strings) plus `<<` merge keys. */
const SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [merge] })

export interface ParsedYaml {
  /** The document's value; absent when the YAML could not be parsed. */
  value?: unknown
  positions?: PositionTree
  diagnostics: Diagnostic[]
}

interface Frame {
  open: number
  kind: NodeKind
  result: unknown
  end: number
  children: Frame[]
}

/**
 * Parses one YAML document and records where each key and value is.
 * @example parseYaml('name: a\nversion: 1\n', 'a.yaml').positions?.locate('version').value.line // 2
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  // Editors don't count a BOM as a column; dropping it here keeps js-yaml's offsets and ours equal.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const lines = new LineIndex(source)
  const stack: Frame[] = []
  const roots: Frame[] = []
  let aliasCount = 0
  let firstAlias = -1

  const listener = (event: 'open' | 'close', state: yaml.State) => {
    if (event === 'open') {
      stack.push({
        open: state.position,
        kind: 'empty',
        result: null,
        end: state.position,
        children: [],
      })
      return
    }
    const frame = stack.pop()
    if (!frame) return
    frame.result = state.result
    frame.end = state.position
    frame.kind = frameKind(state.kind, state.result)
    if (frame.kind === 'scalar' || frame.kind === 'empty') {
      const start = contentStart(source, frame.open)
      if (source.charCodeAt(start) === 0x2a /* * */) {
        frame.kind = 'alias'
        aliasCount += 1
        if (firstAlias === -1) firstAlias = start
      }
    }
    const parent = stack[stack.length - 1]
    if (parent) parent.children.push(frame)
    else roots.push(frame)
  }

  let value: unknown
  try {
    const options: yaml.LoadOptions & { maxDepth: number } = {
      filename: file,
      schema: SCHEMA,
      listener,
      maxDepth: 64,
    }
    value = yaml.load(source, options)
  } catch (err) {
    return { diagnostics: [yamlErrorDiagnostic(err, file, lines)] }
  }

  if (aliasCount > 0 && expandedSize(value, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES) {
    const at = lines.at(firstAlias)
    return {
      diagnostics: [
        {
          file,
          line: at.line,
          col: at.col,
          severity: 'error',
          code: 'yaml-alias-bomb',
          message: `YAML aliases expand this document past ${MAX_EXPANDED_NODES} nodes (an alias bomb?); write the values out instead`,
        },
      ],
    }
  }

  const root = roots.find((r) => r.kind !== 'empty') ?? roots[0]
  const rootNode = root ? toNode(root, source, lines) : emptyNode(lines)
  return { value, positions: new PositionTree(rootNode, lines), diagnostics: [] }
}

function frameKind(kind: string | null, result: unknown): NodeKind {
  if (kind === 'mapping' || kind === 'sequence' || kind === 'scalar') return kind
  return result === null || result === undefined ? 'empty' : 'scalar'
}

/** Skips spaces, line breaks, comments and `&anchor` / `!tag` properties. */
function contentStart(source: string, from: number): number {
  let i = from
  for (;;) {
    const ch = source[i]
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i += 1
    else if (ch === '#') {
      const nl = source.indexOf('\n', i)
      i = nl === -1 ? source.length : nl
    } else if (ch === '&' || ch === '!') {
      while (i < source.length && !/\s/.test(source[i] ?? ' ')) i += 1
    } else return i
  }
}

function scalarStyle(ch: string | undefined): ScalarStyle {
  if (ch === '|') return 'literal'
  if (ch === '>') return 'folded'
  if (ch === '"') return 'double'
  if (ch === "'") return 'single'
  return 'plain'
}

function emptyNode(lines: LineIndex): PositionNode {
  return { kind: 'empty', start: lines.at(0), end: 0 }
}

function toNode(frame: Frame, source: string, lines: LineIndex): PositionNode {
  const startOffset = contentStart(source, frame.open)
  const node: PositionNode = {
    kind: frame.kind,
    start: lines.at(Math.min(startOffset, frame.end)),
    end: frame.end,
  }
  if (frame.kind === 'scalar') node.style = scalarStyle(source[startOffset])
  if (frame.kind === 'mapping' && isRecord(frame.result)) {
    node.entries = pairEntries(frame, frame.result, source, lines)
  } else if (frame.kind === 'sequence' && Array.isArray(frame.result)) {
    node.items = matchItems(frame, frame.result, source, lines, node)
  }
  return node
}

/**
 * A mapping's events come as key, value, key, value… but js-yaml skips the value event for some
 * empty values and adds an empty event at the end, so pairs are matched by the parsed values.
 */
function pairEntries(
  frame: Frame,
  obj: Record<string, unknown>,
  source: string,
  lines: LineIndex,
): Map<string, PositionNode> {
  const entries = new Map<string, PositionNode>()
  const kids = frame.children
  for (let i = 0; i < kids.length; i += 1) {
    const k = kids[i]
    if (!k || (k.kind !== 'scalar' && k.kind !== 'alias')) continue
    const name = String(k.result)
    if (!Object.hasOwn(obj, name) || entries.has(name)) continue
    const keyPos = lines.at(contentStart(source, k.open))
    const v = kids[i + 1]
    if (v && sameValue(obj[name], v.result)) {
      entries.set(name, { ...toNode(v, source, lines), key: keyPos })
      i += 1
    } else {
      entries.set(name, { kind: 'empty', start: keyPos, end: k.end, key: keyPos })
    }
  }
  return entries
}

function matchItems(
  frame: Frame,
  arr: unknown[],
  source: string,
  lines: LineIndex,
  parent: PositionNode,
): PositionNode[] {
  const items: PositionNode[] = []
  let j = 0
  for (const kid of frame.children) {
    // `- ` with nothing after it yields a null item without an event.
    while (j < arr.length && arr[j] === null && !sameValue(arr[j], kid.result)) {
      items[j] = { kind: 'empty', start: parent.start, end: parent.end }
      j += 1
    }
    if (j >= arr.length) break
    if (sameValue(arr[j], kid.result)) {
      items[j] = toNode(kid, source, lines)
      j += 1
    }
  }
  return items
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b))
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Node count of the value with aliases expanded, memoized per shared object; stops past `cap`. */
function expandedSize(value: unknown, cap: number): number {
  const memo = new Map<object, number>()
  const size = (v: unknown): number => {
    if (typeof v !== 'object' || v === null) return 1
    const known = memo.get(v)
    if (known !== undefined) return known
    let n = 1
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      n += size(child)
      if (n > cap) break
    }
    memo.set(v, n)
    return n
  }
  return size(value)
}

function yamlErrorDiagnostic(err: unknown, file: string, lines: LineIndex): Diagnostic {
  if (err instanceof yaml.YAMLException) {
    const mark = (err as { mark?: { line?: number; column?: number } }).mark
    const line = (mark?.line ?? 0) + 1
    const col = (mark?.column ?? 0) + 1
    return {
      file,
      line,
      col,
      severity: 'error',
      code: 'yaml-syntax',
      message: `YAML syntax error: ${err.reason}`,
    }
  }
  const at = lines.at(0)
  return {
    file,
    line: at.line,
    col: at.col,
    severity: 'error',
    code: 'yaml-syntax',
    message: `YAML could not be parsed: ${err instanceof Error ? err.message : String(err)}`,
  }
}
