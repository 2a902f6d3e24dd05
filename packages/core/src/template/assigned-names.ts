import type { Node } from 'nunjucks/src/nodes'

function children(node: unknown): Node[] {
  return ((node as Node | null)?.children as Node[] | undefined) ?? []
}

/**
 * Names a template binds somewhere (`set`, loop variables, macros and their parameters, `loop`,
 * `caller`). Every other name is an input, read straight from the inputs object.
 * @example assignedNames(parse('{% set a = 1 %}{{ a }}{{ b }}')) // Set { 'loop', 'caller', 'a' }
 */
export function assignedNames(root: Node): Set<string> {
  const names = new Set<string>(['loop', 'caller'])
  const add = (n: unknown): void => {
    const node = n as Node | null
    if (!node || typeof node !== 'object') return
    if (node.typename === 'Symbol') names.add(String(node.value))
    else if (node.typename === 'Array') for (const c of children(node)) add(c)
    else if (node.typename === 'KeywordArgs') for (const p of children(node)) add(p.key)
  }
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const c of n) visit(c)
      return
    }
    const node = n as Node | null
    if (!node || typeof node !== 'object' || typeof node.typename !== 'string') return
    if (node.typename === 'Set') for (const t of node.targets as Node[]) add(t)
    if (node.typename === 'For') add(node.name)
    if (node.typename === 'Macro') add(node.name)
    // Set by the analysis when the macro's body names them (Jinja2 binds them then).
    if (node.typename === 'Macro' && (node as Node & { usesVarargs?: boolean }).usesVarargs)
      names.add('varargs')
    if (node.typename === 'Macro' && (node as Node & { usesKwargs?: boolean }).usesKwargs)
      names.add('kwargs')
    if (node.typename === 'Macro' || node.typename === 'Caller')
      for (const a of children(node.args)) add(a)
    for (const f of node.fields ?? []) visit(node[f])
    if (node.typename === 'Set' && node.body) visit(node.body)
  }
  visit(root)
  return names
}
