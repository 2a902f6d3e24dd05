/**
 * Compiles an analysed template tree (see analyze-template.ts) to JavaScript closures: each
 * node becomes a function over the render's scope. No source code is generated and nothing
 * is evaluated from strings, so templates render where `eval` is switched off. The tree
 * must have passed analysis: this compiler trusts its names, node types and arities.
 * @module
 */
import type { Node } from 'nunjucks/src/nodes'
import { CanonError } from '../errors'
import { assignedNames } from './assigned-names'
import { bindArgs, FILTERS, filterEnv } from './filters'
import { at, bindParams, Frame, locate, type Param } from './frame'
import {
  add,
  concat,
  div,
  floorDiv,
  getAttr,
  getItem,
  mod,
  mul,
  neg,
  pos,
  pow,
  Slice,
  sub,
} from './py-ops'
import {
  Callable,
  compare,
  contains,
  drain,
  eq,
  isGenerator,
  type Kwargs,
  release,
  renderError,
  str,
  toList,
  truthy,
  tuple,
  typeName,
} from './py-value'
import { GLOBALS, LoopObject, Namespace } from './runtime-objects'
import { copyVars, isVars } from './template-vars'
import { TESTS, testParts } from './tests'

type Scope = Frame
type Expr = (s: Scope) => unknown
type Stmt = (s: Scope) => string

const CONSTANTS: Readonly<Record<string, unknown>> = Object.assign(Object.create(null), {
  True: true,
  False: false,
  None: null,
  true: true,
  false: false,
  none: null,
})

/** Macro calls nest at most this deep (a recursive macro fails instead of overflowing the stack). */
const MAX_DEPTH = 200
let depth = 0

function children(node: unknown): Node[] {
  return ((node as Node | null)?.children as Node[] | undefined) ?? []
}

/**
 * Compiles a template tree to a function from the render's variables to its text.
 * @example compileAst(parsed.ast)(vars) // 'Hi Ann'
 */
export function compileAst(root: Node): (vars: Record<string, unknown>) => string {
  assigned = assignedNames(root)
  const body = stmts(children(root))
  assigned = new Set()
  return (vars) => body(new Frame(isVars(vars) ? vars : copyVars(vars), undefined))
}

/** Names the template binds somewhere; every other name is read straight from the inputs. */
let assigned = new Set<string>()

function stmts(nodes: readonly Node[]): Stmt {
  return join(nodes.map(stmt))
}

function join(parts: readonly Stmt[]): Stmt {
  if (parts.length === 0) return () => ''
  if (parts.length === 1) return parts[0] as Stmt
  if (parts.length === 2) {
    const [a, b] = parts as [Stmt, Stmt]
    return (s) => a(s) + b(s)
  }
  return (s) => {
    let out = ''
    for (let i = 0; i < parts.length; i++) out += (parts[i] as Stmt)(s)
    return out
  }
}

function stmt(node: Node): Stmt {
  switch (node.typename) {
    case 'NodeList':
      return stmts(children(node))
    case 'Output':
      return join(children(node).map(outputPart))
    case 'If':
      return ifStmt(node)
    case 'For':
      return forStmt(node)
    case 'Set':
      return setStmt(node)
    case 'Macro':
      return macroStmt(node)
    default:
      throw new CanonError('INTERNAL', `unexpected ${node.typename} statement after analysis`)
  }
}

/** `{{ x }}` prints Python's `str(x)`; printing an undefined value is an error (SPEC §1). */
function outputPart(node: Node): Stmt {
  if (node.typename === 'TemplateData') {
    const text = String(node.value ?? '')
    return () => text
  }
  // `{{ a if b }}` prints nothing when b is false: Jinja2's else-less inline if gives an
  // Undefined, and printing that one is what the idiom is for.
  const value =
    node.typename === 'InlineIf' && !node.else_
      ? (
          (c, b): Expr =>
          (s) =>
            truthy(c(s)) ? b(s) : ''
        )(expr(node.cond as Node), expr(node.body as Node))
      : expr(node)
  const first = startOf(node)
  const line = first.lineno + 1
  const col = first.colno + 1
  return (s) => {
    try {
      const v = value(s)
      return typeof v === 'string' ? v : str(v)
    } catch (err) {
      throw locate(err, line, col)
    }
  }
}

/** The node where an expression's text starts (`user` in `user.name | upper`). */
function startOf(node: Node): Node {
  switch (node.typename) {
    case 'LookupVal':
      return startOf(node.target as Node)
    case 'FunCall':
      return startOf(node.name as Node)
    case 'Filter':
      return startOf(children(node.args)[0] ?? node)
    case 'Compare':
      return startOf(node.expr as Node)
    case 'InlineIf':
      return startOf(node.body as Node)
    default:
      return isBinary(node) ? startOf(node.left as Node) : node
  }
}

function isBinary(node: Node): boolean {
  return BINARY[node.typename] !== undefined || ['And', 'Or', 'In', 'Is'].includes(node.typename)
}

function ifStmt(node: Node): Stmt {
  const cond = expr(node.cond as Node)
  const body = stmts(children(node.body))
  const otherwise = node.else_ ? elseStmt(node.else_ as Node) : () => ''
  return (s) => (truthy(cond(s)) ? body(s) : otherwise(s))
}

function elseStmt(node: Node): Stmt {
  return node.typename === 'If' ? ifStmt(node) : stmts(children(node))
}

/** `for x in xs if cond`: nunjucks parses the filter as an inline if without else. */
function loopSource(node: Node): { items: Expr; filter: Node | undefined } {
  const arr = node.arr as Node
  if (
    arr.typename === 'InlineIf' &&
    !arr.else_ &&
    (arr as Node & { loopFilter?: boolean }).loopFilter
  ) {
    return { items: expr(arr.body as Node), filter: arr.cond as Node }
  }
  return { items: expr(arr), filter: undefined }
}

function targetNames(target: Node): string[] {
  return target.typename === 'Array'
    ? children(target).map((n) => String(n.value))
    : [String(target.value)]
}

function unpack(value: unknown, names: readonly string[], into: Scope): void {
  if (names.length === 1) {
    into.set(names[0] as string, value)
    return
  }
  const items = toList(value)
  if (items.length !== names.length) {
    throw renderError(
      items.length > names.length
        ? `too many values to unpack (expected ${names.length})`
        : `not enough values to unpack (expected ${names.length}, got ${items.length})`,
    )
  }
  for (let i = 0; i < names.length; i++) into.set(names[i] as string, items[i])
}

function iterate(value: unknown): readonly unknown[] {
  if (value === null) throw renderError("'NoneType' object is not iterable")
  return toList(value)
}

function forStmt(node: Node): Stmt {
  const { items, filter } = loopSource(node)
  const names = targetNames(node.name as Node)
  const keep = filter ? expr(filter) : undefined
  const body = stmts(children(node.body))
  const otherwise = node.else_ ? stmts(children(node.else_)) : () => ''
  const source = at(node.arr as Node, items)
  return at(node, (s) => {
    const from = source(s)
    if (isGenerator(from)) {
      // Jinja2 reads the generator one item per pass, so a body that reads it too would see
      // what is left; Canon read it all up front and refuses such a read instead.
      const all = drain(from as unknown[], 'is being looped over by a `for` that reads it lazily')
      try {
        return loopOver(s, all)
      } finally {
        release(from as unknown[])
      }
    }
    return loopOver(s, iterate(from))
  })
  function loopOver(s: Scope, items: readonly unknown[]): string {
    const scope = s.child()
    let list = items
    let more: (() => boolean) | undefined
    if (keep) {
      // Jinja2 tests each item just before its pass (a body can change what the test reads,
      // `{% set ns.m = x %}`), in a scope of the test's own.
      const kept: unknown[] = []
      const test = s.child()
      let pos = 0
      more = () => {
        while (pos < items.length) {
          const item = items[pos++]
          unpack(item, names, test)
          if (truthy(keep(test))) {
            kept.push(item)
            return true
          }
        }
        return false
      }
      list = kept
      if (!more()) return otherwise(s)
    }
    if (list.length === 0) return otherwise(s)
    const loop = new LoopObject(list, 0, more)
    scope.set('loop', loop)
    let out = ''
    for (let i = 0; i < list.length || more?.(); i++) {
      loop.index0 = i
      unpack(list[i], names, scope)
      out += body(scope)
    }
    return out
  }
}

function setStmt(node: Node): Stmt {
  const value = node.body ? captureExpr(node.body as Node) : expr(node.value as Node)
  const [first] = node.targets as Node[]
  if (first?.typename === 'LookupVal') {
    const target = expr(first.target as Node)
    const attr = String((first.val as Node).value)
    return at(node, (s) => {
      const ns = target(s)
      if (!(ns instanceof Namespace)) {
        throw renderError(`cannot assign attribute on non-namespace object (${typeName(ns)})`)
      }
      ns.set(attr, value(s))
      return ''
    })
  }
  const names = (node.targets as Node[]).map((t) => String(t.value))
  const where = at(node, (s: Scope) => {
    unpack(value(s), names, s)
    return ''
  })
  return where
}

function captureExpr(node: Node): Expr {
  const body = stmts(children(node.typename === 'Capture' ? (node.body as Node) : node))
  return (s) => body(s.child())
}

function params(args: Node | null | undefined): Param[] {
  const out: Param[] = []
  for (const a of children(args)) {
    if (a.typename === 'KeywordArgs') {
      for (const pair of children(a)) {
        out.push({ name: String((pair.key as Node).value), dflt: expr(pair.value as Node) })
      }
    } else out.push({ name: String(a.value) })
  }
  return out
}

function macroStmt(node: Node): Stmt {
  const name = String((node.name as Node).value)
  const ps = params(node.args as Node)
  const body = stmts(children(node.body))
  const usesCaller = (node as Node & { usesCaller?: boolean }).usesCaller === true
  const usesVarargs = (node as Node & { usesVarargs?: boolean }).usesVarargs === true
  const usesKwargs = (node as Node & { usesKwargs?: boolean }).usesKwargs === true
  return (s) => {
    s.set(
      name,
      new Callable(name, (args0, kwargs) => {
        let args = args0
        const scope = s.child()
        let kw = kwargs
        if (kw && Object.hasOwn(kw, 'caller')) {
          if (!usesCaller) throw renderError(`macro '${name}' takes no keyword argument 'caller'`)
          scope.set('caller', kw.caller)
          const { caller: _c, ...others } = kw
          kw = Object.keys(others).length > 0 ? others : null
        } else if (usesCaller) scope.set('caller', undefined)
        if (usesVarargs) {
          scope.set('varargs', tuple(args.slice(ps.length)))
          args = args.slice(0, ps.length)
        }
        if (usesKwargs) {
          const extra = Object.create(null) as Record<string, unknown>
          const own = Object.create(null) as Record<string, unknown>
          for (const [k, v] of Object.entries(kw ?? {})) {
            if (ps.some((p) => p.name === k)) own[k] = v
            else extra[k] = v
          }
          scope.set('kwargs', extra)
          kw = Object.keys(own).length > 0 ? own : null
        }
        bindParams(name, ps, args, kw, scope)
        if (++depth > MAX_DEPTH) {
          depth = 0
          throw renderError(
            `macro calls nest deeper than ${MAX_DEPTH} (a macro that calls itself forever?)`,
          )
        }
        try {
          return body(scope)
        } finally {
          if (depth > 0) depth--
        }
      }),
    )
    return ''
  }
}

// ---------------------------------------------------------------------------------------
// Expressions

function expr(node: Node): Expr {
  switch (node.typename) {
    case 'Literal': {
      const v = node.value
      return () => v
    }
    case 'Symbol':
      return symbol(String(node.value))
    case 'Group': {
      const items = children(node).map(expr)
      if (items.length === 1) return items[0] as Expr
      return (s) => tuple(items.map((e) => e(s)))
    }
    case 'Array': {
      const items = children(node).map(expr)
      return (s) => items.map((e) => e(s))
    }
    case 'Dict': {
      const pairs = children(node).map(
        (p) => [String((p.key as Node).value), expr(p.value as Node)] as const,
      )
      return (s) => {
        const o = Object.create(null) as Record<string, unknown>
        for (const [k, v] of pairs) o[k] = v(s)
        return o
      }
    }
    case 'LookupVal':
      return lookup(node)
    case 'Slice': {
      const part = (n: unknown): Expr => (n ? expr(n as Node) : () => null)
      const [a, b, c] = [part(node.start), part(node.stop), part(node.step)]
      return (s) => new Slice(a(s), b(s), c(s))
    }
    case 'FunCall':
      return at(node, call(node))
    case 'Filter':
      return filterExpr(node)
    case 'Is':
      return at(node, testExpr(node))
    case 'InlineIf': {
      const cond = expr(node.cond as Node)
      const body = expr(node.body as Node)
      const otherwise = node.else_ ? expr(node.else_ as Node) : () => undefined
      return (s) => (truthy(cond(s)) ? body(s) : otherwise(s))
    }
    case 'Or': {
      const [l, r] = [expr(node.left as Node), expr(node.right as Node)]
      return (s) => {
        const v = l(s)
        return truthy(v) ? v : r(s)
      }
    }
    case 'And': {
      const [l, r] = [expr(node.left as Node), expr(node.right as Node)]
      return (s) => {
        const v = l(s)
        return truthy(v) ? r(s) : v
      }
    }
    case 'Not': {
      const t = expr(node.target as Node)
      return (s) => !truthy(t(s))
    }
    case 'Neg': {
      const t = expr(node.target as Node)
      return at(node, (s) => neg(t(s)))
    }
    case 'Pos': {
      const t = expr(node.target as Node)
      return at(node, (s) => pos(t(s)))
    }
    case 'In': {
      const [l, r] = [expr(node.left as Node), expr(node.right as Node)]
      return at(node, (s) => contains(r(s), l(s)))
    }
    case 'Compare':
      return at(node, compareExpr(node))
    case 'Capture':
      return captureExpr(node)
    case 'Caller':
      return callerExpr(node)
    default: {
      const op = BINARY[node.typename]
      if (!op)
        throw new CanonError('INTERNAL', `unexpected ${node.typename} expression after analysis`)
      const side = node.typename === 'Concat' ? concatSide : expr
      const [l, r] = [side(node.left as Node), side(node.right as Node)]
      return at(node, (s) => op(l(s), r(s)))
    }
  }
}

const BINARY: Readonly<Record<string, (a: unknown, b: unknown) => unknown>> = {
  Add: add,
  Sub: sub,
  Mul: mul,
  Div: div,
  FloorDiv: floorDiv,
  Mod: mod,
  Pow: pow,
  Concat: concat,
}

/**
 * An operand of `~`. An else-less inline if whose condition fails is Jinja2's Undefined with
 * the "inline if" hint, which `~` joins as '' (printing it gives '' too).
 */
function concatSide(node: Node): Expr {
  let n = node
  while (n.typename === 'Group' && children(n).length === 1) n = children(n)[0] as Node
  if (n.typename !== 'InlineIf' || n.else_) return expr(node)
  const cond = expr(n.cond as Node)
  const body = expr(n.body as Node)
  return (s) => (truthy(cond(s)) ? body(s) : '')
}

function symbol(name: string): Expr {
  if (name in CONSTANTS) {
    const v = CONSTANTS[name]
    return () => v
  }
  const global = GLOBALS[name]
  const local = assigned.has(name)
  if (global !== undefined) {
    return (s) => {
      const v = local ? s.get(name) : s.vars[name]
      return v === undefined ? global : v
    }
  }
  return local ? (s) => s.get(name) : (s) => s.vars[name]
}

function lookup(node: Node): Expr {
  const target = expr(node.target as Node)
  const key = node.val as Node
  if (key.typename === 'Literal' && typeof key.value === 'string') {
    const name = key.value
    if (node.dot) return at(node, (s) => getAttr(target(s), name))
    return at(node, (s) => getItem(target(s), name))
  }
  const k = expr(key)
  return at(node, (s) => getItem(target(s), k(s)))
}

/** Positional and keyword argument expressions of a call. */
function argExprs(nodes: readonly Node[]): { args: Expr[]; kwargs: [string, Expr][] } {
  const args: Expr[] = []
  const kwargs: [string, Expr][] = []
  for (const n of nodes) {
    if (n.typename === 'KeywordArgs') {
      for (const p of children(n))
        kwargs.push([String((p.key as Node).value), expr(p.value as Node)])
    } else args.push(expr(n))
  }
  return { args, kwargs }
}

function evalKwargs(kwargs: readonly [string, Expr][], s: Scope): Kwargs {
  if (kwargs.length === 0) return null
  const o = Object.create(null) as Record<string, unknown>
  for (const [k, e] of kwargs) o[k] = e(s)
  return o
}

function call(node: Node): Expr {
  const callee = expr(node.name as Node)
  const { args, kwargs } = argExprs(children(node.args))
  const what = describe(node.name as Node)
  return (s) => {
    const fn = callee(s)
    if (!(fn instanceof Callable)) {
      throw renderError(
        fn === undefined
          ? `${what} is undefined`
          : `${what} is not callable (it is ${typeName(fn)})`,
      )
    }
    return fn.call(
      args.map((a) => a(s)),
      evalKwargs(kwargs, s),
    )
  }
}

function describe(node: Node): string {
  if (node.typename === 'Symbol') return `\`${String(node.value)}\``
  if (node.typename === 'LookupVal' && (node.val as Node).typename === 'Literal') {
    return `\`${describe(node.target as Node).replace(/`/g, '')}.${String((node.val as Node).value)}\``
  }
  return 'the value'
}

function callerExpr(node: Node): Expr {
  const ps = params(node.args as Node)
  const body = stmts(children(node.body))
  return (s) =>
    new Callable('caller', (args, kwargs) => {
      const scope = s.child()
      bindParams('caller', ps, args, kwargs, scope)
      return body(scope)
    })
}

/** Shared by every call without extra arguments (filters never modify it). */
const NO_ARGS: unknown[] = []

function filterExpr(node: Node): Expr {
  const name = String((node.name as Node).value)
  const f = FILTERS[name]
  if (!f) throw new CanonError('INTERNAL', `unknown filter ${name} after analysis`)
  const [valueNode, ...rest] = children(node.args)
  const value = expr(valueNode as Node)
  const { args, kwargs } = argExprs(rest)
  if (args.length === 0 && kwargs.length === 0) {
    const { bound } = bindArgs(name, f, [], null)
    const fn = f.fn
    return at(node, (s) => fn(value(s), bound, filterEnv, NO_ARGS, null))
  }
  return at(node, (s) => {
    const v = value(s)
    const b = bindArgs(
      name,
      f,
      args.map((a) => a(s)),
      evalKwargs(kwargs, s),
    )
    return f.fn(v, b.bound, filterEnv, b.rest, b.kw)
  })
}

function testExpr(node: Node): Expr {
  const left = expr(node.left as Node)
  const { name, args } = testParts(node.right as Node)
  const { args: argList } = argExprs(args)
  const t = TESTS[name]
  if (!t) throw new CanonError('INTERNAL', `unknown test ${name} after analysis`)
  const fn = t.fn
  const arg = argList[0]
  return arg ? (s) => fn(left(s), arg(s)) : (s) => fn(left(s), undefined)
}

function compareExpr(node: Node): Expr {
  const first = expr(node.expr as Node)
  const ops = children({ children: node.ops } as unknown as Node).map(
    (o) => [String(o.type), expr(o.expr as Node)] as const,
  )
  const test = (op: string, a: unknown, b: unknown): boolean => {
    switch (op) {
      case '==':
        return eq(a, b)
      case '!=':
        return !eq(a, b)
      case '<':
        return compare(a, b, op) < 0
      case '>':
        return compare(a, b, op) > 0
      case '<=':
        return compare(a, b, op) <= 0
      default:
        return compare(a, b, op) >= 0
    }
  }
  if (ops.length === 1) {
    const [op, right] = ops[0] as readonly [string, Expr]
    if (op === '==') return (s) => eq(first(s), right(s))
    return (s) => test(op, first(s), right(s))
  }
  return (s) => {
    let a = first(s)
    for (const [op, e] of ops) {
      const b = e(s)
      if (!test(op, a, b)) return false
      a = b
    }
    return true
  }
}
