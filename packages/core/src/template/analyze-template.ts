import type { Node } from 'nunjucks/src/nodes'
import type { Diagnostic } from '../diagnostics'
import { closestName } from './did-you-mean'
import { parseTemplate, type TemplateOrigin, toFilePosition } from './parse-template'
import {
  CALLABLE_GLOBALS,
  CYCLER_METHODS,
  EXCLUDED_FILTERS,
  FORBIDDEN_KEYS,
  forbiddenKeyMessage,
  forbiddenSegment,
} from './safety-rules'
import { FILTERS, TESTS } from './sandbox-runtime'

/** Result of analysing one template. */
export interface TemplateAnalysis {
  /** Free top-level variables the template reads, sorted. */
  variables: string[]
  /** Syntax errors (`template-syntax`) and safety violations (`template-unsafe`). */
  diagnostics: Diagnostic[]
}

/**
 * Parses a template with nunjucks' parser and reports the variables it reads and every
 * syntax error or unsafe construct, at its position in the file.
 * @example
 * analyzeTemplate('Hi {{ user.name | upper }}', { file: 'a.yaml', line: 5, col: 3 })
 * // { variables: ['user'], diagnostics: [] }
 */
export function analyzeTemplate(source: string, origin: TemplateOrigin): TemplateAnalysis {
  const parsed = parseTemplate(source, origin)
  if (!parsed.ok) return { variables: [], diagnostics: [parsed.diagnostic] }
  return analyzeAst(parsed.ast, origin)
}

/** Analysis of an already parsed template (compilation parses once and reuses the tree). */
export function analyzeAst(ast: Node, origin: TemplateOrigin): TemplateAnalysis {
  const walker = new Walker(origin)
  walker.collectDefinitions(ast)
  walker.walk(ast, walker.root)
  return { variables: [...walker.free].sort(), diagnostics: walker.diagnostics }
}

class Scope {
  private readonly names = new Set<string>()
  constructor(private readonly parent?: Scope) {}
  bind(name: string): void {
    this.names.add(name)
  }
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false)
  }
  child(): Scope {
    return new Scope(this)
  }
}

const FILE_ACCESS: Record<string, string> = {
  Include: '{% include %}',
  Import: '{% import %}',
  FromImport: '{% from … import %}',
  Extends: '{% extends %}',
}

const PASS_THROUGH = new Set([
  'Root',
  'NodeList',
  'Output',
  'Group',
  'Array',
  'InlineIf',
  'If',
  'IfAsync',
  'Switch',
  'Case',
  'Capture',
  'Compare',
  'CompareOperand',
  'In',
  'Or',
  'And',
  'Not',
  'Add',
  'Concat',
  'Sub',
  'Mul',
  'Div',
  'FloorDiv',
  'Mod',
  'Pow',
  'Neg',
  'Pos',
])

class Walker {
  readonly free = new Set<string>()
  readonly diagnostics: Diagnostic[] = []
  /** Top-level scope: `{% set %}` here is visible to macros (nunjucks puts it in the context). */
  readonly root = new Scope()
  private readonly seen = new Set<string>()
  /** Names of macros this template defines (callable). */
  private readonly macros = new Set<string>()
  /** Variables assigned `cycler(...)` (their `next()`/`reset()` are callable). */
  private readonly cyclers = new Set<string>()
  /** Variables assigned `joiner(...)` (callable). */
  private readonly joiners = new Set<string>()
  private macroDepth = 0

  constructor(private readonly origin: TemplateOrigin) {}

  /** First pass: what the template defines, so calls before a definition are understood. */
  collectDefinitions(node: unknown): void {
    if (!isNode(node)) {
      if (Array.isArray(node)) for (const n of node) this.collectDefinitions(n)
      return
    }
    if (node.typename === 'Macro' && isNode(node.name)) this.macros.add(String(node.name.value))
    if (node.typename === 'Set' && isNode(node.value) && node.value.typename === 'FunCall') {
      const callee = node.value.name
      const kind = isNode(callee) && callee.typename === 'Symbol' ? callee.value : undefined
      const into = kind === 'cycler' ? this.cyclers : kind === 'joiner' ? this.joiners : undefined
      for (const t of asArray(node.targets)) {
        if (into && isNode(t) && t.typename === 'Symbol') into.add(String(t.value))
      }
    }
    for (const child of childNodes(node)) this.collectDefinitions(child)
  }

  walk(node: unknown, scope: Scope): void {
    if (node === null || node === undefined) return
    if (Array.isArray(node)) {
      for (const n of node) this.walk(n, scope)
      return
    }
    if (!isNode(node)) return
    switch (node.typename) {
      case 'TemplateData':
      case 'Literal':
        return
      case 'Symbol':
        this.symbol(node, scope)
        return
      case 'LookupVal':
        this.lookup(node, scope)
        return
      case 'FunCall':
        this.call(node, scope)
        return
      case 'Filter':
        this.filter(node, scope)
        return
      case 'Is':
        this.test(node, scope)
        return
      case 'Dict':
        this.dict(node, scope)
        return
      case 'Set':
        this.set(node, scope)
        return
      case 'For':
      case 'AsyncEach':
      case 'AsyncAll':
        this.forLoop(node, scope)
        return
      case 'Macro':
      case 'Caller':
        this.macro(node, scope)
        return
      case 'Block':
        // Without inheritance a block simply renders in place.
        this.walk(node.body, scope.child())
        return
      case 'Super':
        this.error(
          node,
          '`super()` is not supported in templates (there is no template inheritance)',
        )
        return
    }
    const fileAccess = FILE_ACCESS[node.typename]
    if (fileAccess) {
      this.error(
        node,
        `\`${fileAccess}\` is not allowed in templates (templates cannot read files or other templates)`,
      )
      return
    }
    if (!PASS_THROUGH.has(node.typename)) {
      this.error(node, `\`${node.typename}\` is not supported in templates`)
      return
    }
    for (const child of childNodes(node)) this.walk(child, scope)
  }

  private symbol(node: Node, scope: Scope): void {
    const name = String(node.value)
    if (FORBIDDEN_KEYS.has(name)) {
      this.error(node, forbiddenKeyMessage(name))
      return
    }
    if (scope.has(name) || this.macros.has(name) || CALLABLE_GLOBALS.has(name)) return
    this.free.add(name)
  }

  private lookup(node: Node, scope: Scope): void {
    this.walk(node.target, scope)
    const key = node.val
    if (!isNode(key)) return
    if (key.typename === 'Literal') {
      if (typeof key.value === 'number') return
      if (typeof key.value === 'string') {
        if (FORBIDDEN_KEYS.has(key.value)) this.error(key, forbiddenKeyMessage(key.value))
        return
      }
    } else if (key.typename === 'Symbol') {
      // `x[k]`: the key is only known at render time; the runtime lookup refuses bad keys.
      this.symbol(key, scope)
      return
    }
    this.error(
      key,
      'computed member access is only allowed with a literal or a plain variable as the key ' +
        '(`x["name"]`, `x[0]`, `x[k]`): a computed key could be built to reach `constructor`',
    )
    this.walk(key, scope)
  }

  private call(node: Node, scope: Scope): void {
    const callee = node.name
    if (!isNode(callee)) return
    if (!this.isAllowedCallee(callee)) {
      const what = describeCallee(callee)
      this.error(
        node,
        `calling ${what} is not allowed in templates: templates may only call macros they ` +
          'define and range(), cycler(), joiner() (use filters to transform values)',
      )
    }
    this.walk(callee, scope)
    this.walkArgs(node.args, scope)
  }

  private isAllowedCallee(callee: Node): boolean {
    if (callee.typename === 'Symbol') {
      const name = String(callee.value)
      return (
        this.macros.has(name) ||
        CALLABLE_GLOBALS.has(name) ||
        this.joiners.has(name) ||
        (name === 'caller' && this.macroDepth > 0)
      )
    }
    if (callee.typename === 'LookupVal') {
      const target = callee.target
      const key = callee.val
      return (
        isNode(target) &&
        target.typename === 'Symbol' &&
        this.cyclers.has(String(target.value)) &&
        isNode(key) &&
        key.typename === 'Literal' &&
        CYCLER_METHODS.has(String(key.value))
      )
    }
    return false
  }

  /** Call arguments; keyword names are not variable reads. */
  private walkArgs(args: unknown, scope: Scope): void {
    for (const arg of children(args)) {
      if (isNode(arg) && arg.typename === 'KeywordArgs') {
        for (const pair of children(arg)) if (isNode(pair)) this.walk(pair.value, scope)
      } else {
        this.walk(arg, scope)
      }
    }
  }

  private filter(node: Node, scope: Scope): void {
    const name = isNode(node.name) ? String(node.name.value) : ''
    if (!(name in FILTERS)) {
      const excluded = EXCLUDED_FILTERS.get(name)
      this.error(
        node.name as Node,
        excluded
          ? `filter \`${name}\` is not allowed in templates (${excluded})`
          : `unknown filter \`${name}\`${didYouMean(name, Object.keys(FILTERS))}`,
      )
    }
    // The first argument is the value being filtered, the rest are the filter's options.
    this.checkAttributeArgs(children(node.args).slice(1))
    this.walkArgs(node.args, scope)
  }

  private test(node: Node, scope: Scope): void {
    this.walk(node.left, scope)
    const right = node.right
    if (!isNode(right)) return
    const nameNode = right.typename === 'FunCall' ? right.name : right
    const name = isNode(nameNode) ? String(nameNode.value) : ''
    if (!(name in TESTS)) {
      this.error(right, `unknown test \`${name}\`${didYouMean(name, Object.keys(TESTS))}`)
    }
    if (right.typename === 'FunCall') {
      this.checkAttributeArgs(children(right.args))
      this.walkArgs(right.args, scope)
    }
  }

  /** Literal attribute names given to filters (`groupby("constructor")`) are keys too. */
  private checkAttributeArgs(args: unknown[]): void {
    for (const arg of args) {
      const values =
        isNode(arg) && arg.typename === 'KeywordArgs'
          ? children(arg).map((p) => (p as Node).value)
          : [arg]
      for (const v of values) {
        if (isNode(v) && v.typename === 'Literal' && typeof v.value === 'string') {
          const bad = forbiddenSegment(v.value)
          if (bad) this.error(v, forbiddenKeyMessage(bad))
        }
      }
    }
  }

  private dict(node: Node, scope: Scope): void {
    for (const pair of children(node)) {
      if (!isNode(pair)) continue
      const key = pair.key
      // Keys are names, not variable reads; `{"__proto__": x}` would set a prototype.
      if (isNode(key) && (key.typename === 'Symbol' || key.typename === 'Literal')) {
        if (typeof key.value === 'string' && FORBIDDEN_KEYS.has(key.value)) {
          this.error(key, forbiddenKeyMessage(key.value))
        }
      } else {
        this.walk(key, scope)
      }
      this.walk(pair.value, scope)
    }
  }

  private set(node: Node, scope: Scope): void {
    if (node.value) this.walk(node.value, scope)
    if (node.body) this.walk(node.body, scope.child())
    for (const target of asArray(node.targets)) {
      if (isNode(target) && target.typename === 'Symbol') {
        const name = String(target.value)
        if (FORBIDDEN_KEYS.has(name)) this.error(target, forbiddenKeyMessage(name))
        else scope.bind(name)
      } else if (isNode(target)) {
        this.error(target, '`{% set %}` can only assign plain names (not `a.b` or `a[b]`)')
      }
    }
  }

  private forLoop(node: Node, scope: Scope): void {
    this.walk(node.arr, scope)
    const body = scope.child()
    body.bind('loop')
    const names =
      isNode(node.name) && node.name.typename === 'Array' ? children(node.name) : [node.name]
    for (const n of names) this.bindName(n, body)
    this.walk(node.body, body)
    this.walk(node.else_, scope)
  }

  private macro(node: Node, scope: Scope): void {
    const isMacro = node.typename === 'Macro'
    if (isMacro && isNode(node.name)) this.bindName(node.name, scope)
    // A macro body runs in a fresh frame: it sees top-level names, not the enclosing loop's.
    // A call block's body (`Caller`) runs where it is written.
    const inner = isMacro ? this.root.child() : scope.child()
    inner.bind('caller')
    for (const arg of children(node.args)) {
      if (isNode(arg) && arg.typename === 'KeywordArgs') {
        for (const pair of children(arg)) {
          if (!isNode(pair)) continue
          this.bindName(pair.key, inner)
          this.walk(pair.value, scope)
        }
      } else {
        this.bindName(arg, inner)
      }
    }
    this.macroDepth++
    this.walk(node.body, inner)
    this.macroDepth--
  }

  private bindName(node: unknown, scope: Scope): void {
    if (!isNode(node)) return
    const name = String(node.value)
    if (FORBIDDEN_KEYS.has(name)) this.error(node, forbiddenKeyMessage(name))
    else scope.bind(name)
  }

  private error(node: Node, message: string): void {
    const { line, col } = toFilePosition(this.origin, node.lineno + 1, node.colno + 1)
    const key = `${line}:${col}:${message}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.diagnostics.push({
      file: this.origin.file,
      line,
      col,
      severity: 'error',
      code: 'template-unsafe',
      message,
    })
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).typename === 'string'
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** Children of a NodeList-like node (`children` field), or `[]`. */
function children(node: unknown): unknown[] {
  return isNode(node) ? asArray(node.children) : []
}

function childNodes(node: Node): unknown[] {
  const out: unknown[] = []
  for (const field of node.fields) out.push(node[field])
  // `{% set x %}…{% endset %}` keeps its body outside `fields`.
  if (node.typename === 'Set' && node.body) out.push(node.body)
  return out
}

function describeCallee(callee: Node): string {
  if (callee.typename === 'Symbol') return `\`${String(callee.value)}()\``
  if (callee.typename === 'LookupVal' && isNode(callee.val) && callee.val.typename === 'Literal') {
    return `the method \`${String(callee.val.value)}()\``
  }
  return 'the result of an expression'
}

function didYouMean(name: string, candidates: string[]): string {
  const best = closestName(name, candidates)
  return best ? ` (did you mean \`${best}\`?)` : ''
}
