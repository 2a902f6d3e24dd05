/**
 * A render's scopes, and the template position its failures carry.
 * @module
 */
import type { Node } from 'nunjucks/src/nodes'
import { CanonError, isCanonError } from '../errors'
import { type Kwargs, renderError } from './py-value'

/**
 * One scope of a render: the checked inputs (`vars`, nothing from Object.prototype behind
 * them), and the names `set`, loops and macro calls bind, in Maps chained to the enclosing
 * scope. Maps, not objects, so no name (`__proto__` included) has any meaning but its own.
 */
export class Frame {
  locals: Map<string, unknown> | undefined
  constructor(
    readonly vars: Record<string, unknown>,
    readonly parent: Frame | undefined,
  ) {}

  get(name: string): unknown {
    for (let f: Frame | undefined = this; f !== undefined; f = f.parent) {
      const l = f.locals
      if (l?.has(name)) return l.get(name)
    }
    return this.vars[name]
  }

  set(name: string, value: unknown): void {
    if (this.locals === undefined) this.locals = new Map()
    this.locals.set(name, value)
  }

  child(): Frame {
    return new Frame(this.vars, this)
  }
}

const located = new WeakSet<object>()

/** Adds the template position to a failure (the innermost position wins). */
export function locate(err: unknown, line: number, col: number): CanonError {
  if (isCanonError(err) && located.has(err)) return err
  const cause = isCanonError(err) ? err : undefined
  const message = err instanceof Error ? err.message : String(err)
  const e = new CanonError(
    cause?.code ?? 'RENDER_FAILED',
    `template line ${line}, column ${col}: ${message}`,
    { cause: err, details: { ...(cause?.details ?? {}), line, col } },
  )
  located.add(e)
  return e
}

/** Wraps a compiled node so its failures name its position. */
export function at<T>(node: Node, fn: (s: Frame) => T): (s: Frame) => T {
  const line = node.lineno + 1
  const col = node.colno + 1
  return (s) => {
    try {
      return fn(s)
    } catch (err) {
      throw locate(err, line, col)
    }
  }
}

/** A macro or `caller` parameter; `dflt` computes its default in the call's frame. */
export interface Param {
  name: string
  dflt?: (s: Frame) => unknown
}

/** Binds a macro's or caller's arguments as Jinja2 does; absent ones are Undefined. */
export function bindParams(
  name: string,
  ps: readonly Param[],
  args: unknown[],
  kwargs: Kwargs,
  scope: Frame,
): void {
  if (args.length > ps.length) {
    throw renderError(`macro '${name}' takes not more than ${ps.length} argument(s)`)
  }
  let used = 0
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] as Param
    if (i < args.length) {
      if (kwargs && Object.hasOwn(kwargs, p.name))
        throw renderError(`macro '${name}' got multiple values for argument '${p.name}'`)
      scope.set(p.name, args[i])
    } else if (kwargs && Object.hasOwn(kwargs, p.name)) {
      scope.set(p.name, kwargs[p.name])
      used++
    } else scope.set(p.name, p.dflt ? p.dflt(scope) : undefined)
  }
  if (kwargs && used < Object.keys(kwargs).length) {
    const extra = Object.keys(kwargs).find((k) => !ps.some((p) => p.name === k))
    throw renderError(`macro '${name}' takes no keyword argument '${extra}'`)
  }
}
