/**
 * Template values as Jinja2 (Python) sees them, on top of plain JavaScript data: JSON
 * inputs stay as they are (strings, numbers, booleans, null, arrays, plain objects) and
 * `undefined` plays Jinja2's Undefined. What JavaScript cannot tell apart is marked:
 * integral floats (`2.0`) are boxed in `PyFloat`, tuples are arrays in a WeakSet, and the
 * things a template may call are `Callable`s, never JavaScript functions.
 * @module
 */
import { CanonError } from '../errors'

/** A float whose value is integral (`2.0`); non-integral floats stay plain numbers. */
export class PyFloat {
  constructor(readonly v: number) {}
}

/** Jinja2's `Markup` (what `escape` returns): printing gives the text, escaping leaves it. */
export class Markup {
  constructor(readonly s: string) {}
}

/** Keyword arguments of a call, by name. */
export type Kwargs = Record<string, unknown> | null

/**
 * Something a template can call: a macro, `caller`, a global (`range`), a method bound to
 * a value (`d.items`), `loop.cycle`. Printing one is an error, never its source.
 */
export class Callable {
  constructor(
    readonly name: string,
    readonly call: (args: unknown[], kwargs: Kwargs) => unknown,
  ) {}
}

const tuples = new WeakSet<readonly unknown[]>()

/** Marks an array as a tuple (it prints as `(1, 2)` and never equals a list). */
export function tuple<T extends unknown[]>(items: T): T {
  tuples.add(items)
  return items
}

export function isTuple(value: unknown): boolean {
  return Array.isArray(value) && tuples.has(value)
}

const generators = new WeakSet<readonly unknown[]>()

/**
 * Marks a filter result that Jinja2 returns as a lazy iterator (`map`, `select`, …): it
 * loops and converts like a list, but printing it or taking its `length` is an error, as
 * Jinja2 would print `<generator object …>` (use `|list`).
 */
export function generator<T extends unknown[]>(items: T): T {
  generators.add(items)
  return items
}

export function isGenerator(value: unknown): boolean {
  return Array.isArray(value) && generators.has(value)
}

/** Generators Canon cannot follow lazily any more (why), so reading them again is an error. */
const spent = new WeakMap<readonly unknown[], string>()

/**
 * Reads a generator to its end, as Python does: what comes back is its items, and the
 * generator itself is empty from then on (`{% set g = xs|map('upper') %}` loops once).
 * `how` marks it as unreadable instead, for readers that Jinja2 runs lazily (a `for` body
 * reading the generator it loops over, a `map` over a generator): Canon reads eagerly and
 * could not reproduce the interleaving, so it refuses rather than differ.
 */
export function drain(items: unknown[], how?: string): unknown[] {
  live(items)
  const out = items.slice()
  items.length = 0
  if (how) spent.set(items, how)
  return out
}

/** Lets a generator be read again after a `for` loop over it ended (it is empty by then). */
export function release(items: unknown[]): void {
  spent.delete(items)
}

/** `next(iter(g))`: the first item of a generator, which is gone from it afterwards. */
export function nextItem(items: unknown[]): unknown {
  live(items)
  return items.shift()
}

function live(items: readonly unknown[]): void {
  const why = spent.get(items)
  if (why) {
    throw renderError(
      `this generator (a lazy sequence from a filter) ${why}; add \`|list\` where it is made to read it more than once`,
    )
  }
}

const groups = new WeakSet<readonly unknown[]>()

/** `groupby`'s `(grouper, list)` tuple, also readable as `.grouper` and `.list`. */
export function groupTuple(grouper: unknown, list: unknown[]): unknown[] {
  const t = tuple([grouper, list])
  groups.add(t)
  return t
}

export function isGroupTuple(value: unknown): boolean {
  return Array.isArray(value) && groups.has(value)
}

/** dict views (`d.items()`) print as Python prints them. */
const views = new WeakMap<readonly unknown[], string>()
/** Sequences Python prints by their own repr (`range(0, 3)`). */
const reprs = new WeakMap<readonly unknown[], string>()

export function withRepr<T extends unknown[]>(items: T, text: string): T {
  reprs.set(items, text)
  return items
}

export function view<T extends unknown[]>(kind: string, items: T): T {
  views.set(items, kind)
  return items
}

/** A render-time failure; the compiler adds the template position. */
export function renderError(message: string): CanonError {
  return new CanonError('RENDER_FAILED', message)
}

export const UNDEFINED_OUTPUT =
  'attempted to output an undefined value (an optional input without a default, or a missing key)'

/** A plain data object: the only objects whose properties templates read. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null || isVarsProto(proto)
}

// The variables object of a render (template-vars.ts) has one prototype level with nothing
// behind it; it counts as plain data too.
function isVarsProto(proto: object): boolean {
  return Object.getPrototypeOf(proto) === null && !Object.hasOwn(proto, 'constructor')
}

export function isNumber(value: unknown): value is number | PyFloat | boolean {
  return typeof value === 'number' || value instanceof PyFloat || typeof value === 'boolean'
}

/** Python `isinstance(x, float)`. */
export function isFloat(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value))
}

/** Python `isinstance(x, int)` (booleans are ints in Python). */
export function isInt(value: unknown): boolean {
  return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'boolean'
}

/** The JavaScript number of an int, bool or float. */
export function num(value: unknown): number {
  if (typeof value === 'number') return value
  if (value instanceof PyFloat) return value.v
  if (typeof value === 'boolean') return value ? 1 : 0
  throw renderError(`expected a number, got ${typeName(value)}`)
}

/** A float result: boxed when integral, so it keeps printing as `2.0`. */
export function float(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n
}

/** Python's type name of a value, for error messages. */
export function typeName(value: unknown): string {
  if (value === undefined) return 'Undefined'
  if (value === null) return 'NoneType'
  if (typeof value === 'string' || value instanceof Markup) return 'str'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  if (value instanceof PyFloat) return 'float'
  if (Array.isArray(value)) return tuples.has(value) ? 'tuple' : 'list'
  if (value instanceof Callable) return 'function'
  if (isPlainObject(value)) return 'dict'
  return 'object'
}

/** Python truthiness. */
export function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') return value.length > 0
  if (typeof value === 'number') return value !== 0
  if (value === undefined || value === null) return false
  if (Array.isArray(value)) return value.length > 0 || generators.has(value)
  if (value instanceof PyFloat) return value.v !== 0
  if (value instanceof Markup) return value.s.length > 0
  if (isPlainObject(value)) {
    for (const _ in value) return true
    return false
  }
  return true
}

/** Python `repr(float)`: shortest round-trip digits, exponent outside 1e-4 ≤ |x| < 1e16. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf'
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0'
  const [mantissa = '', expText = '0'] = n.toExponential().split('e')
  const exp = Number(expText)
  const neg = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  let out: string
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  } else if (exp < 0) {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`
  } else if (digits.length > exp + 1) {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
  } else {
    out = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`
  }
  return neg ? `-${out}` : out
}

/** Python `str(x)`: what `{{ x }}` prints. Undefined values and callables are errors. */
export function str(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isInteger(value) ? intText(value) : floatRepr(value)
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (value === undefined) throw renderError(UNDEFINED_OUTPUT)
  if (value === null) return 'None'
  if (value instanceof PyFloat) return floatRepr(value.v)
  if (value instanceof Markup) return value.s
  return repr(value)
}

/** An int as Python prints it; past 2^53 JavaScript has lost digits Python would print. */
export function intText(n: number): string {
  if (!Number.isSafeInteger(n)) {
    throw renderError(
      'integer beyond 2^53 cannot be printed exactly (JavaScript numbers lose digits)',
    )
  }
  return String(n)
}

/** Python `repr(x)`: how values print inside lists and dicts. */
export function repr(value: unknown): string {
  if (value === undefined) return 'Undefined'
  if (typeof value === 'string') return strRepr(value)
  if (value instanceof Markup) return `Markup(${strRepr(value.s)})`
  if (Array.isArray(value)) {
    if (generators.has(value)) {
      throw renderError('cannot print a generator (a lazy sequence from a filter): add `|list`')
    }
    const own = reprs.get(value)
    if (own !== undefined) return own
    const items = value.map(repr)
    const kind = views.get(value)
    if (kind) return `${kind}([${items.join(', ')}])`
    if (!tuples.has(value)) return `[${items.join(', ')}]`
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`
  }
  if (value instanceof Callable) {
    throw renderError(`\`${value.name}\` is a function; templates cannot print functions`)
  }
  if (typeof value === 'function') throw renderError('templates cannot print functions')
  if (isPlainObject(value)) {
    const parts: string[] = []
    for (const k of Object.keys(value)) parts.push(`${strRepr(k)}: ${repr(value[k])}`)
    return `{${parts.join(', ')}}`
  }
  if (typeof value === 'object' && value !== null && !(value instanceof PyFloat)) {
    throw renderError('this value (a loop, cycler or namespace) cannot be printed')
  }
  return str(value)
}

/** Python's `repr` of a str: single quotes unless the text has `'` and no `"`. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of s) {
    const c = ch.codePointAt(0) as number
    if (ch === quote || ch === '\\') out += `\\${ch}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if ((c >= 0x20 && c < 0x7f) || (c > 0xa0 && !NOT_PRINTABLE.test(ch))) out += ch
    // Python's repr escapes what str.isprintable() rejects (controls, format characters,
    // separators other than the space, surrogates, private use, unassigned).
    else if (c < 0x100) out += `\\x${c.toString(16).padStart(2, '0')}`
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`
    else out += `\\U${c.toString(16).padStart(8, '0')}`
  }
  return out + quote
}

const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u

/** Python's string order: by code point (JavaScript's `<` orders UTF-16 units). */
function compareStr(x: string, y: string): number {
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) {
    const a = x.charCodeAt(i)
    const b = y.charCodeAt(i)
    if (a === b) continue
    // A surrogate (a code point past U+FFFF) sorts after every unit from U+E000.
    const ka = a >= 0xd800 && a < 0xe000 ? a + 0x10000 : a
    const kb = b >= 0xd800 && b < 0xe000 ? b + 0x10000 : b
    return ka - kb
  }
  return x.length - y.length
}

/** Python `==`. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (isNumber(a) && isNumber(b)) return num(a) === num(b)
  if (a instanceof Markup || b instanceof Markup) {
    const x = a instanceof Markup ? a.s : a
    const y = b instanceof Markup ? b.s : b
    return x === y
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (generators.has(a) || generators.has(b)) return false
    if (tuples.has(a) !== tuples.has(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false
    return true
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    for (const k of ka) if (!Object.hasOwn(b, k) || !eq(a[k], b[k])) return false
    return true
  }
  return false
}

/** Python `<`, `<=`, `>`, `>=` as a three-way comparison; unorderable values are an error. */
export function compare(a: unknown, b: unknown, op = '<'): number {
  if (isNumber(a) && isNumber(b)) {
    const x = num(a)
    const y = num(b)
    return x < y ? -1 : x > y ? 1 : 0
  }
  const x = a instanceof Markup ? a.s : a
  const y = b instanceof Markup ? b.s : b
  if (typeof x === 'string' && typeof y === 'string') return compareStr(x, y)
  if (
    Array.isArray(x) &&
    Array.isArray(y) &&
    tuples.has(x) === tuples.has(y) &&
    !generators.has(x) &&
    !generators.has(y)
  ) {
    const n = Math.min(x.length, y.length)
    for (let i = 0; i < n; i++) {
      if (!eq(x[i], y[i])) return compare(x[i], y[i], op)
    }
    return x.length - y.length
  }
  throw renderError(
    `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`,
  )
}

/** Whether Python could put the value in a set or use it as a dict key (not a list or dict). */
export function hashable(v: unknown): boolean {
  if (isTuple(v)) return (v as unknown[]).every(hashable)
  return !((Array.isArray(v) && !generators.has(v)) || isPlainObject(v))
}

/** Python `x in container`. */
export function contains(container: unknown, item: unknown): boolean {
  const c = container instanceof Markup ? container.s : container
  if (typeof c === 'string') {
    const needle = item instanceof Markup ? item.s : item
    if (typeof needle !== 'string') {
      throw renderError(`'in <string>' requires string as left operand, not ${typeName(item)}`)
    }
    return c.includes(needle)
  }
  if (Array.isArray(c)) {
    if (generators.has(c)) {
      // Python's `in` reads a generator up to the first match, which is gone afterwards.
      const items = drain(c)
      const at = items.findIndex((x) => eq(x, item))
      if (at >= 0) c.push(...items.slice(at + 1))
      return at >= 0
    }
    for (const x of c) if (eq(x, item)) return true
    return false
  }
  if (isPlainObject(c)) {
    if (!hashable(item)) throw renderError(`unhashable type: '${typeName(item)}'`)
    return typeof item === 'string' && Object.hasOwn(c, item)
  }
  if (c === undefined) return false
  throw renderError(`argument of type '${typeName(container)}' is not iterable`)
}

/** Code points of a string (Python indexes strings by code point). */
export function chars(s: string): string[] {
  return Array.from(s)
}

/** Python `len(x)`. */
export function len(value: unknown): number {
  if (typeof value === 'string') return hasSurrogates(value) ? chars(value).length : value.length
  if (Array.isArray(value)) return value.length
  if (value instanceof Markup) return len(value.s)
  if (isPlainObject(value)) return Object.keys(value).length
  if (value === undefined) return 0
  throw renderError(`object of type '${typeName(value)}' has no len()`)
}

function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c < 0xe000) return true
  }
  return false
}

/** Python `list(x)`: strings by code point, dicts by key, Undefined as empty. */
export function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return generators.has(value) ? drain(value) : value
  if (typeof value === 'string') return hasSurrogates(value) ? chars(value) : value.split('')
  if (value instanceof Markup) return toList(value.s)
  if (isPlainObject(value)) return Object.keys(value)
  if (value === undefined) return []
  throw renderError(`'${typeName(value)}' object is not iterable`)
}

/** What markupsafe's `escape` replaces. */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
}

/** markupsafe's `escape`: Markup passes through, anything else is escaped into Markup. */
export function escapeHtml(v: unknown): Markup {
  if (v instanceof Markup) return v
  return new Markup(str(v).replace(/[&<>"']/g, (c) => ESCAPES[c] as string))
}
