/// <reference path="./nunjucks-internals.d.ts" />
/**
 * The environment compiled templates run against: allow-listed filters, tests and globals,
 * and a runtime whose member lookup and call refuse what analysis already rejects
 * (defense in depth for values only known at render time, e.g. `x[k]` with
 * `k = "constructor"`). Built on nunjucks' runtime, filters and tests only: nunjucks'
 * `Environment` loads the file-system loaders (fs, path, chokidar), which would tie
 * `@canon/core` to Node.
 * @module
 */
import builtinFilters from 'nunjucks/src/filters'
import runtime, { type Frame } from 'nunjucks/src/runtime'
import builtinTests from 'nunjucks/src/tests'
import { CanonError } from '../errors'
import { EXCLUDED_FILTERS, FORBIDDEN_KEYS, forbiddenKeyMessage } from './safety-rules'

type Fn = (...args: unknown[]) => unknown

/** Functions a template may call: macros it defines, and the allow-listed globals. */
const callable = new WeakSet<Fn>()

function allowCall<F extends Fn>(fn: F): F {
  callable.add(fn)
  return fn
}

function nullProto<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries)
}

const copySafeness = runtime.copySafeness as (source: unknown, value: string) => unknown

/** Canon's own filters, on top of nunjucks' builtins. */
const canonFilters: Record<string, Fn> = {
  /**
   * Same result as nunjucks' `trim` (its `/^\s*|\s*$/g` strips exactly what
   * `String.prototype.trim` strips), without that regex's cost: it backtracks at every
   * character, ~6 µs on a 1.5 KB ticket, more than the rest of the render.
   */
  trim: (str) => copySafeness(str, String.prototype.trim.call(str)),
  /** nunjucks' `groupby` also accepts a function and calls it; templates may only name attributes. */
  groupby(this: unknown, arr: unknown, attr: unknown) {
    if (typeof attr === 'function') {
      throw new CanonError('TEMPLATE_UNSAFE', 'groupby() takes an attribute name, not a function')
    }
    return (builtinFilters.groupby as Fn).call(this, arr, attr)
  },
  /** `{{ value | json }}` or `{{ value | json(2) }}`: the value as JSON. */
  json: (value, indent) =>
    JSON.stringify(value, null, typeof indent === 'number' ? indent : undefined),
}

/** Filters templates may use: nunjucks' builtins (minus non-deterministic ones) and Canon's. */
export const FILTERS: Readonly<Record<string, Fn>> = nullProto({
  ...Object.fromEntries(Object.entries(builtinFilters).filter(([n]) => !EXCLUDED_FILTERS.has(n))),
  ...canonFilters,
})

/** Tests templates may use with `is`: nunjucks' builtins. */
export const TESTS: Readonly<Record<string, Fn>> = nullProto({ ...builtinTests })

interface Cycler {
  current: unknown
  next: Fn
  reset: Fn
}

function cycler(...items: unknown[]): Cycler {
  let index = -1
  const c: Cycler = {
    current: null as unknown,
    next: allowCall(() => {
      index = index + 1 >= items.length ? 0 : index + 1
      c.current = items[index]
      return c.current
    }),
    reset: allowCall(() => {
      index = -1
      c.current = null
      return ''
    }),
  }
  return c
}

function joiner(sep?: unknown): Fn {
  const separator = sep === undefined ? ',' : sep
  let first = true
  return allowCall(() => {
    const out = first ? '' : separator
    first = false
    return out
  })
}

function range(start: number, stop?: number, step?: number): number[] {
  let from = start
  let to = stop
  let by = step || 1
  if (to === undefined) {
    to = from
    from = 0
    by = 1
  }
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isFinite(by)) {
    throw new CanonError('RENDER_FAILED', 'range() needs finite numbers')
  }
  const out: number[] = []
  if (by > 0) for (let i = from; i < to; i += by) out.push(i)
  else for (let i = from; i > to; i += by) out.push(i)
  return out
}

/** Globals a template can see. Same behaviour as nunjucks' `range`, `cycler`, `joiner`. */
export const GLOBALS: Readonly<Record<string, unknown>> = nullProto({
  range: allowCall(range as Fn),
  cycler: allowCall(cycler as Fn),
  joiner: allowCall(joiner as Fn),
})

/** What compiled templates get as `env`: options and the allow-listed filters and tests. */
export const sandboxEnv = {
  opts: { autoescape: false, throwOnUndefined: true, dev: false },
  getFilter(name: string): Fn {
    const f = FILTERS[name]
    if (!f) throw new CanonError('TEMPLATE_UNSAFE', `filter \`${name}\` is not allowed`)
    return f
  },
  getTest(name: string): Fn {
    const t = TESTS[name]
    if (!t) throw new CanonError('TEMPLATE_UNSAFE', `test \`${name}\` is not allowed`)
    return t
  },
}

/** Signature of the `root` and `b_<block>` functions of a compiled template. */
export type TemplateFn = (
  env: typeof sandboxEnv,
  context: RenderContext,
  frame: Frame,
  runtime: Record<string, unknown>,
  cb: (err: unknown, out?: string) => void,
) => void

/**
 * Per-render context (what nunjucks calls `Context`). Variables live in an object with no
 * `Object.prototype` behind it (see template-vars.ts), so `{{ toString }}` or
 * `{{ constructor }}` never find its members.
 */
export class RenderContext {
  readonly env = sandboxEnv

  constructor(
    readonly ctx: Record<string, unknown>,
    private readonly blocks: Readonly<Record<string, TemplateFn>>,
  ) {}

  lookup(name: string): unknown {
    return name in this.ctx ? this.ctx[name] : GLOBALS[name]
  }

  setVariable(name: string, value: unknown): void {
    this.ctx[name] = value
  }

  getVariables(): Record<string, unknown> {
    return this.ctx
  }

  addExport(): void {}

  getBlock(name: string): TemplateFn {
    const block = this.blocks[name]
    if (!block) throw new CanonError('RENDER_FAILED', `unknown block \`${name}\``)
    return block
  }

  getSuper(): never {
    throw new CanonError(
      'TEMPLATE_UNSAFE',
      'super() is not supported (there is no template inheritance)',
    )
  }
}

function toKey(key: unknown): string | number {
  // Convert once, so an object whose toString says "constructor" can't slip past the check.
  if (typeof key === 'number') return key
  return typeof key === 'string' ? key : String(key)
}

/** `obj[key]` for templates: refuses `constructor`, `__proto__`, `prototype`. */
function memberLookup(obj: unknown, key: unknown): unknown {
  if (obj === undefined || obj === null) return undefined
  const k = toKey(key)
  if (typeof k === 'string' && FORBIDDEN_KEYS.has(k)) {
    throw new CanonError('TEMPLATE_UNSAFE', forbiddenKeyMessage(k))
  }
  return (obj as Record<string | number, unknown>)[k]
}

/** Calls from templates: only macros the template defines and the allow-listed globals. */
function callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
  if (typeof fn !== 'function' || !callable.has(fn as Fn)) {
    throw new CanonError(
      'TEMPLATE_UNSAFE',
      `calling \`${name}\` is not allowed in templates (only macros and range/cycler/joiner can be called)`,
    )
  }
  return (fn as Fn).apply(context, args)
}

function makeMacro(argNames: string[], kwargNames: string[], func: Fn): Fn {
  return allowCall(runtime.makeMacro(argNames, kwargNames, func))
}

/** `{{ x }}` where x is undefined or null: strict rendering refuses to print an empty string. */
export class UndefinedOutputError extends Error {
  constructor(
    readonly lineno: number,
    readonly colno: number,
  ) {
    super(
      'attempted to output an undefined value (an optional input without a default, or a missing key)',
    )
    this.name = 'UndefinedOutputError'
  }
}

// The next three mirror nunjucks' own, as separate functions so that Canon's renders keep
// their own (monomorphic) type feedback when the app also uses nunjucks directly.

function ensureDefined(value: unknown, lineno: number, colno: number): unknown {
  if (value === null || value === undefined) throw new UndefinedOutputError(lineno + 1, colno + 1)
  return value
}

function suppressValue(value: unknown, autoescape: boolean): unknown {
  if (autoescape) return (runtime.suppressValue as (v: unknown, a: boolean) => unknown)(value, true)
  return value !== undefined && value !== null ? value : ''
}

function contextOrFrameLookup(context: RenderContext, frame: Frame, name: string): unknown {
  const value = frame.lookup(name)
  return value !== undefined ? value : context.lookup(name)
}

/** Position-carrying failure handed to the render callback; see `renderCompiled`. */
export interface RenderFault {
  cause: unknown
  line?: number
  col?: number
}

function handleError(error: unknown, _lineno: number, _colno: number): RenderFault {
  // nunjucks' own position errors (from `ensureDefined`) are precise and 1-based; the
  // line/col variables the compiled code keeps are only updated at calls, so not trusted.
  const e = error as { lineno?: unknown; colno?: unknown }
  if (typeof e?.lineno === 'number' && typeof e.colno === 'number') {
    return { cause: error, line: e.lineno, col: e.colno }
  }
  return { cause: error }
}

/** The runtime object compiled templates receive: nunjucks' own, with the guarded operations. */
export const sandboxRuntime: Record<string, unknown> = {
  ...runtime,
  ensureDefined,
  suppressValue,
  contextOrFrameLookup,
  memberLookup,
  callWrap,
  makeMacro,
  handleError,
}

/** New top-level frame for one render. */
export function newFrame(): Frame {
  const frame = new runtime.Frame()
  frame.topLevel = true
  return frame
}
