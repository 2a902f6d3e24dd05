import type { Node } from 'nunjucks/src/nodes'
import type { Diagnostic } from '../diagnostics'
import { closestName } from './did-you-mean'
import { FILTERS } from './filters'
import { parseTemplate, type TemplateOrigin, toFilePosition } from './parse-template'
import { METHOD_NAMES } from './py-ops'
import { GLOBALS } from './runtime-objects'
import { FORBIDDEN_KEYS, forbiddenKeyMessage } from './safety-rules'
import { TESTS, testParts } from './tests'

/** Result of analysing one template. */
export interface TemplateAnalysis {
  /** Free top-level variables the template reads, sorted. */
  variables: string[]
  /** Syntax errors (`template-syntax`) and unsupported or unsafe constructs (`template-unsafe`). */
  diagnostics: Diagnostic[]
}

/**
 * Parses a template and reports the variables it reads and every syntax error, unsafe or
 * unsupported construct, at its position in the file. Analysis is an allow-list: a node
 * type, name, filter, test or method not listed here is rejected, so whatever passes is
 * exactly what the compiler (compile-ast.ts) renders as Jinja2 does.
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
  try {
    walker.statements(children(ast), new Scope())
  } catch {
    // A tree shape nunjucks' parser produced but this walker does not know: refuse it.
    walker.unknownShape(ast)
  }
  return { variables: [...walker.free].sort(), diagnostics: walker.diagnostics }
}

/** Every name in a template: variables, targets, parameters, keywords, attributes. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

const FORBIDDEN = FORBIDDEN_KEYS
const forbiddenMessage = forbiddenKeyMessage

const CONSTANTS = new Set(['True', 'False', 'None', 'true', 'false', 'none'])

const REJECTED: Readonly<Record<string, string>> = {
  Include:
    '`{% include %}` is not allowed in templates (templates cannot read files or other templates)',
  Import:
    '`{% import %}` is not allowed in templates (templates cannot read files or other templates)',
  FromImport:
    '`{% from … import %}` is not allowed in templates (templates cannot read files or other templates)',
  Extends:
    '`{% extends %}` is not allowed in templates (templates cannot read files or other templates)',
  Block: '`{% block %}` is not supported in templates (there is no template inheritance)',
  Super: '`super()` is not supported in templates (there is no template inheritance)',
  Switch: '`{% switch %}` is a nunjucks tag, not Jinja2: use `{% if %}`/`{% elif %}`',
  IfAsync: '`{% ifAsync %}` is a nunjucks tag, not Jinja2: use `{% if %}`',
  AsyncEach: '`{% asyncEach %}` is a nunjucks tag, not Jinja2: use `{% for %}`',
  AsyncAll: '`{% asyncAll %}` is a nunjucks tag, not Jinja2: use `{% for %}`',
  FilterAsync: 'async filters are not supported in templates',
  CallExtension: 'template extensions are not supported',
  CallExtensionAsync: 'template extensions are not supported',
}

const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'FloorDiv', 'Mod', 'Pow', 'Concat'])
const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>='])
/** Methods of engine objects (`cycler.next()`, `loop.cycle()`), callable besides METHOD_NAMES. */
const OBJECT_METHODS = new Set(['next', 'reset', 'cycle', 'changed'])
/** Filters that name another filter or test, and the position of that name among their options. */
const NAMED_ARGUMENT_AT: ReadonlyMap<string, number> = new Map([
  ['map', 0],
  ['select', 0],
  ['reject', 0],
  ['selectattr', 1],
  ['rejectattr', 1],
])

const FILTER_HINTS: Readonly<Record<string, string>> = {
  json: 'use `tojson` (Jinja2 has no `json` filter)',
  dump: 'use `tojson` (`dump` is a nunjucks filter, not Jinja2)',
  random:
    'rendered prompts must be deterministic: digests, eval caches and A/B comparisons rely on it',
}

class Scope {
  private readonly names = new Set<string>()
  constructor(
    private readonly parent?: Scope,
    /** The macro whose body this scope belongs to (for `caller`). */
    readonly macro?: Node,
  ) {}
  bind(name: string): void {
    this.names.add(name)
  }
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false)
  }
  child(macro?: Node): Scope {
    return new Scope(this, macro ?? this.macro)
  }
}

class Walker {
  readonly free = new Set<string>()
  readonly diagnostics: Diagnostic[] = []
  private readonly seen = new Set<string>()

  constructor(private readonly origin: TemplateOrigin) {}

  statements(nodes: readonly Node[], scope: Scope): void {
    for (const n of nodes) this.statement(n, scope)
  }

  private statement(node: Node, scope: Scope): void {
    switch (node.typename) {
      case 'NodeList':
        this.statements(children(node), scope)
        return
      case 'Output':
        for (const c of children(node)) {
          if (c.typename !== 'TemplateData') this.expr(c, scope)
        }
        return
      case 'If':
        this.expr(node.cond as Node, scope)
        this.statements(children(node.body), scope)
        if (isNode(node.else_)) this.statement(node.else_, scope)
        return
      case 'For':
        this.forLoop(node, scope)
        return
      case 'Set':
        this.set(node, scope)
        return
      case 'Macro':
        this.macro(node, scope)
        return
    }
    this.reject(node)
  }

  unknownShape(node: Node): void {
    this.error(node, 'this template uses a construct Canon does not support')
  }

  private reject(node: Node): void {
    this.error(
      node,
      REJECTED[node.typename] ?? `\`${node.typename}\` is not supported in templates`,
    )
  }

  private forLoop(node: Node, scope: Scope): void {
    const arr = node.arr as Node
    const body = scope.child()
    const target = node.name as Node
    const names = target.typename === 'Array' ? children(target) : [target]
    for (const n of names) this.bindTarget(n, body, 'loop variable')
    body.bind('loop')
    if (arr.typename === 'InlineIf') {
      if (arr.else_) {
        this.error(
          arr,
          'Jinja2 reads `for x in a if b` as a loop filter: write `(a if b else c)` in parentheses',
        )
      }
      ;(arr as Node & { loopFilter?: boolean }).loopFilter = true
      this.expr(arr.body as Node, scope)
      // The filter sees the loop variable but not `loop` (as in Jinja2).
      const filterScope = scope.child()
      for (const n of names) if (n.typename === 'Symbol') filterScope.bind(String(n.value))
      this.expr(arr.cond as Node, filterScope)
    } else {
      this.expr(arr, scope)
    }
    this.statements(children(node.body), body)
    if (isNode(node.else_)) this.statements(children(node.else_), scope)
  }

  private set(node: Node, scope: Scope): void {
    if (node.body) this.capture(node.body as Node, scope)
    else if (isNode(node.value)) this.expr(node.value, scope)
    const targets = asArray(node.targets) as Node[]
    const [first] = targets
    if (targets.length === 1 && first?.typename === 'LookupVal' && first.dot) {
      // `{% set ns.count = … %}`: an attribute of a namespace() (checked when it runs).
      this.expr(first.target as Node, scope)
      const key = first.val as Node
      this.checkName(key, String(key.value), 'attribute')
      if ((first.target as Node).typename !== 'Symbol') {
        this.error(first, 'only `{% set name.attribute = … %}` on a namespace() is supported')
      }
      return
    }
    for (const t of targets) this.bindTarget(t, scope, '`{% set %}` target')
  }

  private bindTarget(node: Node, scope: Scope, what: string): void {
    if (node.typename !== 'Symbol') {
      this.error(node, `a ${what} must be a plain name (not \`a.b\`, \`a[b]\` or nested tuples)`)
      return
    }
    const name = String(node.value)
    if (!this.checkName(node, name, what)) return
    if (CONSTANTS.has(name)) {
      this.error(node, `cannot assign to \`${name}\``)
      return
    }
    scope.bind(name)
  }

  /** Reports a bad name; returns whether the name is usable. */
  private checkName(node: Node, name: string, what: string): boolean {
    if (FORBIDDEN.has(name)) {
      this.error(node, forbiddenMessage(name))
      return false
    }
    if (!NAME.test(name)) {
      // nunjucks' lexer reads `1e16` as one word: it is a number in Jinja2, not a bad name.
      const exponent = /^\d+(\.\d+)?[eE]\d*$/.test(name)
      this.error(
        node,
        exponent
          ? `number literals with an exponent (${name}) are not supported in templates: write the number out`
          : `invalid ${what} name ${JSON.stringify(name)}: names are letters, digits and _ (not starting with a digit)`,
      )
      return false
    }
    return true
  }

  private macro(node: Node, scope: Scope): void {
    const nameNode = node.name as Node
    const name = String(nameNode.value)
    if (this.checkName(nameNode, name, 'macro')) scope.bind(name)
    const inner = scope.child(node)
    this.parameters(node.args as Node, scope, inner)
    this.statements(children(node.body), inner)
  }

  private parameters(args: Node, outer: Scope, inner: Scope): void {
    for (const a of children(args)) {
      if (a.typename === 'KeywordArgs') {
        for (const pair of children(a)) {
          this.bindTarget(pair.key as Node, inner, 'parameter')
          this.expr(pair.value as Node, inner)
        }
      } else this.bindTarget(a, inner, 'parameter')
    }
    void outer
  }

  private capture(node: Node, scope: Scope): void {
    const body = node.typename === 'Capture' ? (node.body as Node) : node
    this.statements(children(body), scope.child())
  }

  private expr(node: Node, scope: Scope): void {
    switch (node.typename) {
      case 'Literal':
        if (node.value instanceof RegExp) {
          this.error(
            node,
            'regular expression literals (`r/…/`) are a nunjucks feature, not Jinja2',
          )
        } else if (
          typeof node.value === 'number' &&
          Number.isInteger(node.value) &&
          !Number.isSafeInteger(node.value)
        ) {
          this.error(
            node,
            'integer literals beyond 2^53 are not supported (JavaScript numbers lose digits)',
          )
        }
        return
      case 'Symbol':
        this.symbol(node, scope)
        return
      case 'Group':
      case 'Array':
        for (const c of children(node)) this.expr(c, scope)
        return
      case 'Dict':
        this.dict(node, scope)
        return
      case 'LookupVal':
        this.lookup(node, scope)
        return
      case 'Slice':
        for (const f of ['start', 'stop', 'step'])
          if (isNode(node[f])) this.expr(node[f] as Node, scope)
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
      case 'InlineIf':
        this.expr(node.cond as Node, scope)
        this.expr(node.body as Node, scope)
        if (isNode(node.else_)) this.expr(node.else_, scope)
        return
      case 'Or':
      case 'And':
        this.expr(node.left as Node, scope)
        this.expr(node.right as Node, scope)
        return
      case 'Not':
      case 'Neg':
      case 'Pos':
        this.expr(node.target as Node, scope)
        return
      case 'In':
        for (const side of [node.left, node.right] as Node[]) {
          if (side.typename === 'Compare') {
            this.error(
              side,
              'write parentheses around comparisons combined with `in` (Jinja2 chains them)',
            )
          }
          this.expr(side, scope)
        }
        return
      case 'Compare':
        this.expr(node.expr as Node, scope)
        for (const op of asArray(node.ops) as Node[]) {
          if (!COMPARE_OPS.has(String(op.type))) {
            this.error(
              op,
              `\`${String(op.type)}\` is a nunjucks operator, not Jinja2: use \`${String(op.type).slice(0, 2)}\``,
            )
          }
          this.expr(op.expr as Node, scope)
        }
        return
      case 'Capture':
        this.capture(node, scope)
        return
    }
    if (BINARY.has(node.typename)) {
      this.expr(node.left as Node, scope)
      this.expr(node.right as Node, scope)
      return
    }
    this.reject(node)
  }

  private symbol(node: Node, scope: Scope): void {
    const name = String(node.value)
    if (!this.checkName(node, name, 'variable')) return
    if (CONSTANTS.has(name) || scope.has(name)) return
    if (name === 'caller' && scope.macro) {
      ;(scope.macro as Node & { usesCaller?: boolean }).usesCaller = true
      return
    }
    // Jinja2 gives a macro whose body names `varargs`/`kwargs` its extra arguments under them.
    if ((name === 'varargs' || name === 'kwargs') && scope.macro) {
      const flag = name === 'varargs' ? 'usesVarargs' : 'usesKwargs'
      ;(scope.macro as Node & Record<string, unknown>)[flag] = true
      return
    }
    if (GLOBALS[name] !== undefined) return
    this.free.add(name)
  }

  private lookup(node: Node, scope: Scope): void {
    this.expr(node.target as Node, scope)
    const key = node.val as Node
    if (key.typename === 'Literal' && typeof key.value === 'string') {
      if (node.dot) this.checkName(key, key.value, 'attribute')
      else if (FORBIDDEN.has(key.value)) this.error(key, forbiddenMessage(key.value))
      return
    }
    // A key computed from literals (`x['constr' + 'uctor']`) would only find Undefined, since
    // lookups read own data; naming the attempt is clearer than an undefined-value error.
    const folded = constantString(key)
    if (folded !== undefined && FORBIDDEN.has(folded)) {
      this.error(key, `computed key: ${forbiddenMessage(folded)}`)
      return
    }
    this.expr(key, scope)
  }

  private dict(node: Node, scope: Scope): void {
    for (const pair of children(node)) {
      const key = pair.key as Node
      if (key.typename !== 'Literal' || typeof key.value !== 'string') {
        this.error(
          key,
          key.typename === 'Symbol'
            ? `write the key as a string (\`"${String(key.value)}": …\`): in Jinja2 a bare name is a variable`
            : 'dict keys in templates must be string literals',
        )
      } else if (FORBIDDEN.has(key.value)) {
        this.error(key, forbiddenMessage(key.value))
      } else if (/^(0|[1-9]\d*)$/.test(key.value)) {
        this.error(
          key,
          'dict keys that look like integers are not supported (their order would differ from Jinja2)',
        )
      }
      this.expr(pair.value as Node, scope)
    }
  }

  /** Arguments of a call, filter or test; keyword names must be names. */
  private args(nodes: readonly Node[], scope: Scope): void {
    for (const a of nodes) {
      if (a.typename !== 'KeywordArgs') {
        this.expr(a, scope)
        continue
      }
      for (const pair of children(a)) {
        const key = pair.key as Node
        if (key.typename !== 'Symbol')
          this.error(key, 'a keyword argument name must be a plain name')
        else this.checkName(key, String(key.value), 'keyword argument')
        const value = pair.value as Node
        if (value.typename === 'Caller') this.caller(value, scope)
        else this.expr(value, scope)
        this.attributeLiteral(value)
      }
    }
  }

  private caller(node: Node, scope: Scope): void {
    const inner = scope.child()
    this.parameters(node.args as Node, scope, inner)
    this.statements(children(node.body), inner)
  }

  private call(node: Node, scope: Scope): void {
    const callee = node.name as Node
    if (callee.typename === 'LookupVal' && callee.dot) {
      const method = String((callee.val as Node).value)
      if (!METHOD_NAMES.has(method) && !OBJECT_METHODS.has(method)) {
        this.error(
          callee.val as Node,
          `the method \`.${method}()\` is not supported in templates (supported: ${[...METHOD_NAMES].join(', ')})`,
        )
      }
    }
    this.expr(callee, scope)
    this.args(children(node.args), scope)
  }

  private filter(node: Node, scope: Scope): void {
    const nameNode = node.name as Node
    const name = String(nameNode.value)
    if (!(name in FILTERS)) {
      // An own entry only: `constructor` or `toString` must not find Object.prototype's members.
      const hint = Object.hasOwn(FILTER_HINTS, name) ? FILTER_HINTS[name] : undefined
      this.error(
        nameNode,
        hint
          ? `filter \`${name}\` is not allowed in templates (${hint})`
          : `unknown filter \`${name}\`${didYouMean(name, Object.keys(FILTERS))}`,
      )
    }
    const [value, ...rest] = children(node.args)
    if (value) this.expr(value, scope)
    for (const r of rest) this.attributeLiteral(r)
    this.namedByFilter(name, rest)
    this.args(rest, scope)
  }

  /** A filter or test named by a literal to `map`/`select`/… must exist, as any other. */
  private namedByFilter(name: string, rest: Node[]): void {
    const at = NAMED_ARGUMENT_AT.get(name)
    const arg = at === undefined ? undefined : rest[at]
    if (arg?.typename !== 'Literal' || typeof arg.value !== 'string') return
    const known = name === 'map' ? FILTERS : TESTS
    if (!(arg.value in known)) {
      const kind = name === 'map' ? 'filter' : 'test'
      this.error(
        arg,
        `unknown ${kind} \`${arg.value}\`${didYouMean(arg.value, Object.keys(known))}`,
      )
    }
  }

  /** Literal attribute names given to filters (`groupby("a.constructor")`) are keys too. */
  private attributeLiteral(node: Node): void {
    if (node.typename === 'Literal' && typeof node.value === 'string') {
      const bad = node.value.split(/[.,]/).find((p) => FORBIDDEN.has(p))
      if (bad) this.error(node, forbiddenMessage(bad))
    }
  }

  private test(node: Node, scope: Scope): void {
    const left = node.left as Node
    if (
      BINARY.has(left.typename) ||
      ['Compare', 'In', 'And', 'Or', 'Not', 'Is'].includes(left.typename)
    ) {
      this.error(
        node,
        'write parentheses around the left side of `is` (in Jinja2 a test binds tighter than operators)',
      )
    }
    this.expr(left, scope)
    const right = node.right as Node
    const shapeOk =
      right.typename === 'Symbol' ||
      (right.typename === 'FunCall' && isNode(right.name) && right.name.typename === 'Symbol') ||
      (right.typename === 'Literal' && (right.value === null || typeof right.value === 'boolean'))
    if (!shapeOk) {
      this.error(right, 'expected a test name after `is` (e.g. `is defined`, `is divisibleby(3)`)')
      return
    }
    const { name, args } = testParts(right)
    const test = TESTS[name]
    if (!test) {
      this.error(
        right,
        name === 'sameas'
          ? 'the `sameas` test is not supported (Python identity depends on interning): use `==` or `is none`'
          : `unknown test \`${name}\`${didYouMean(name, Object.keys(TESTS))}`,
      )
      return
    }
    if (args.some((a) => a.typename === 'KeywordArgs') || args.length !== test.params) {
      this.error(
        right,
        `test \`${name}\` takes ${test.params} argument${test.params === 1 ? '' : 's'}`,
      )
    }
    this.args(args, scope)
  }

  private error(node: Node, message: string): void {
    const { line, col } = toFilePosition(this.origin, (node.lineno ?? 0) + 1, (node.colno ?? 0) + 1)
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

/** The value of a string built only from literals (`'a' + 'b'`, `'a' ~ 'b'`), if it is one. */
function constantString(node: Node): string | undefined {
  if (node.typename === 'Literal') return typeof node.value === 'string' ? node.value : undefined
  if (node.typename === 'Group' && children(node).length === 1) {
    return constantString(children(node)[0] as Node)
  }
  if (node.typename === 'Add' || node.typename === 'Concat') {
    const left = constantString(node.left as Node)
    const right = constantString(node.right as Node)
    return left !== undefined && right !== undefined ? left + right : undefined
  }
  return undefined
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).typename === 'string'
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function children(node: unknown): Node[] {
  return isNode(node) ? (asArray(node.children) as Node[]) : []
}

function didYouMean(name: string, candidates: string[]): string {
  const best = closestName(name, candidates)
  return best ? ` (did you mean \`${best}\`?)` : ''
}
