import type { Node } from 'nunjucks/src/nodes'

/**
 * Jinja2's binding strength of the binary operators, loosest first: `+ -`, then `~`, then
 * `* / // %` (and `**` tightest, which nunjucks already agrees on). nunjucks nests them
 * differently (`~` loosest of all, and `2 * 3 % 4` as `2 * (3 % 4)`), so the same text
 * would compute different values.
 */
const LEVEL: Readonly<Record<string, number>> = {
  Add: 1,
  Sub: 1,
  Concat: 2,
  Mul: 3,
  Div: 3,
  FloorDiv: 3,
  Mod: 3,
}

/**
 * Regroups every chain of binary operators in a parsed template as Jinja2 groups it,
 * left-associative within a level. Parenthesised groups stay as written.
 * @example fixPrecedence(parse('{{ 2 * 3 % 4 }}')) // (2 * 3) % 4, as in Jinja2
 */
export function fixPrecedence(root: Node): Node {
  visit(root)
  return root
}

function visit(node: Node): void {
  for (const field of node.fields) node[field] = fixChild(node[field])
  // `{% set x %}…{% endset %}` keeps its body outside `fields`.
  if (node.typename === 'Set' && node.body) node.body = fixChild(node.body)
}

function fixChild(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fixChild)
  if (!isNode(value)) return value
  if (LEVEL[value.typename] !== undefined) return regroup(value)
  visit(value)
  return value
}

/** Flattens a chain to operands and operators in source order, then rebuilds it. */
function regroup(top: Node): Node {
  const operands: Node[] = []
  const ops: Node[] = []
  const flatten = (n: Node): void => {
    if (LEVEL[n.typename] === undefined) {
      operands.push(fixChild(n) as Node)
      return
    }
    flatten(n.left as Node)
    ops.push(n)
    flatten(n.right as Node)
  }
  flatten(top)
  // `i` is the next operator; operands[i] is the operand on its left.
  let i = 0
  const operand = (): Node => operands[i] as Node
  // Precedence climbing: consumes operators binding at least minLevel tightly.
  const parseFrom = (first: Node, minLevel: number): Node => {
    let left = first
    while (i < ops.length && (LEVEL[(ops[i] as Node).typename] ?? 0) >= minLevel) {
      const op = ops[i] as Node
      const level = LEVEL[op.typename] ?? 0
      i++
      let right = operand()
      while (i < ops.length && (LEVEL[(ops[i] as Node).typename] ?? 0) > level) {
        right = parseFrom(right, level + 1)
      }
      op.left = left
      op.right = right
      left = op
    }
    return left
  }
  return parseFrom(operand(), 0)
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).typename === 'string'
}
