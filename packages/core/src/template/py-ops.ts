/**
 * Jinja2's operators and lookups over template values (see py-value.ts): arithmetic with
 * Python's int/float rules, `%` formatting, and attribute/item access that reaches only
 * own data properties of plain objects and arrays, plus documented methods of dicts and
 * strings. Nothing here reads a prototype chain, invokes a getter or returns a JS function.
 * @module
 */

import { percentFormat } from './py-format'
import { titleCase } from './py-titlecase'
import {
  Callable,
  chars,
  escapeHtml,
  float,
  isFloat,
  isGenerator,
  isGroupTuple,
  isInt,
  isNumber,
  isPlainObject,
  isTuple,
  type Kwargs,
  Markup,
  num,
  PyFloat,
  renderError,
  str,
  toList,
  tuple,
  typeName,
  view,
} from './py-value'

function unsupported(op: string, a: unknown, b: unknown): never {
  throw renderError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`)
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : v instanceof Markup ? v.s : undefined
}

function numResult(a: unknown, b: unknown, n: number): number | PyFloat {
  return isFloat(a) || isFloat(b) ? float(n) : intResult(n)
}

/** Python ints are exact at any size, JavaScript numbers only up to 2^53: past it, fail. */
export function intResult(n: number): number {
  if (Number.isSafeInteger(n)) return n
  throw renderError('integer result beyond 2^53 (JavaScript numbers cannot hold it exactly)')
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const n = a + b
    return Number.isInteger(a) && Number.isInteger(b) ? intResult(n) : float(n)
  }
  if (isNumber(a) && isNumber(b)) return numResult(a, b, num(a) + num(b))
  const x = text(a)
  const y = text(b)
  if (x !== undefined && y !== undefined) {
    // Markup's `+` escapes the plain side and stays Markup (what `escape` returned).
    if (a instanceof Markup || b instanceof Markup) return new Markup(markupText(a) + markupText(b))
    return x + y
  }
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const out = [...a, ...b]
    return isTuple(a) ? tuple(out) : out
  }
  return unsupported('+', a, b)
}

export function sub(a: unknown, b: unknown): unknown {
  if (isNumber(a) && isNumber(b)) return numResult(a, b, num(a) - num(b))
  return unsupported('-', a, b)
}

/** `'x' * n` and `[x] * n` stop here: a prompt must not be able to exhaust an app's memory. */
export const MAX_REPEAT = 10_000_000

export function mul(a: unknown, b: unknown): unknown {
  if (isNumber(a) && isNumber(b)) return numResult(a, b, num(a) * num(b))
  const [seq, times] = isInt(b) ? [a, b] : isInt(a) ? [b, a] : [undefined, undefined]
  const n = times === undefined ? 0 : Math.max(0, num(times))
  const size = (typeof seq === 'string' || Array.isArray(seq) ? seq.length : 0) * n
  if (size > MAX_REPEAT) {
    throw renderError(`\`*\` would build ${size} items; templates are limited to ${MAX_REPEAT}`)
  }
  const s = text(seq)
  if (s !== undefined) return seq instanceof Markup ? new Markup(s.repeat(n)) : s.repeat(n)
  if (Array.isArray(seq)) {
    const out: unknown[] = []
    for (let i = 0; i < n; i++) out.push(...seq)
    return isTuple(seq) ? tuple(out) : out
  }
  return unsupported('*', a, b)
}

function divisor(a: unknown, b: unknown, op: string): number {
  if (!isNumber(a) || !isNumber(b)) unsupported(op, a, b)
  const d = num(b)
  if (d === 0) throw renderError(op === '%' ? 'integer modulo by zero' : 'division by zero')
  return d
}

export function div(a: unknown, b: unknown): unknown {
  const d = divisor(a, b, '/')
  return float(num(a) / d)
}

export function floorDiv(a: unknown, b: unknown): unknown {
  const d = divisor(a, b, '//')
  return numResult(a, b, Math.floor(num(a) / d))
}

export function mod(a: unknown, b: unknown): unknown {
  if (a instanceof Markup) {
    throw renderError(
      '`%` on escaped text (Markup, from `escape`/`safe`/`tojson`) is not supported: format before escaping',
    )
  }
  const s = text(a)
  if (s !== undefined) return percentFormat(s, b)
  const d = divisor(a, b, '%')
  const x = num(a)
  const r = x - d * Math.floor(x / d)
  return numResult(a, b, r)
}

export function pow(a: unknown, b: unknown): unknown {
  if (!isNumber(a) || !isNumber(b)) return unsupported('** or pow()', a, b)
  const x = num(a)
  const y = num(b)
  if (x === 0 && y < 0) throw renderError('0.0 cannot be raised to a negative power')
  if (x < 0 && !Number.isInteger(y)) {
    throw renderError(
      'a negative number to a fractional power is a complex number, which Canon does not support',
    )
  }
  const n = x ** y
  return isFloat(a) || isFloat(b) || y < 0 ? float(n) : intResult(n)
}

export function neg(a: unknown): unknown {
  if (typeof a === 'number') return -a
  if (a instanceof PyFloat) return new PyFloat(-a.v)
  if (typeof a === 'boolean') return a ? -1 : 0
  throw renderError(`bad operand type for unary -: '${typeName(a)}'`)
}

export function pos(a: unknown): unknown {
  if (typeof a === 'boolean') return a ? 1 : 0
  if (isNumber(a)) return a
  throw renderError(`bad operand type for unary +: '${typeName(a)}'`)
}

/** `a ~ b`: both sides as strings. */
export function concat(a: unknown, b: unknown): string {
  return str(a) + str(b)
}

// ---------------------------------------------------------------------------------------
// Lookups

/** Own data property of a plain object, never a getter. */
export function ownData(obj: Record<string, unknown>, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(obj, key)
  return d && 'value' in d ? d.value : undefined
}

/** Python indexing of a sequence: negative from the end, out of range is Undefined. */
function index<T>(items: readonly T[], i: number): T | undefined {
  const k = i < 0 ? items.length + i : i
  return items[k]
}

/** A slice `[start:stop:step]` as Python computes it. */
export class Slice {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
}

function sliceBound(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined
  if (!isInt(v)) throw renderError(`slice ${name} must be an integer or None, got ${typeName(v)}`)
  return num(v)
}

export function sliceItems<T>(items: readonly T[], s: Slice): T[] {
  const n = items.length
  const step = sliceBound(s.step, 'step') ?? 1
  if (step === 0) throw renderError('slice step cannot be zero')
  const clamp = (v: number | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === undefined) return dflt
    const k = v < 0 ? v + n : v
    return Math.min(Math.max(k, lo), hi)
  }
  const out: T[] = []
  if (step > 0) {
    const start = clamp(sliceBound(s.start, 'start'), 0, 0, n)
    const stop = clamp(sliceBound(s.stop, 'stop'), n, 0, n)
    for (let i = start; i < stop; i += step) out.push(items[i] as T)
  } else {
    const start = clamp(sliceBound(s.start, 'start'), n - 1, -1, n - 1)
    const stop = clamp(sliceBound(s.stop, 'stop'), -1, -1, n - 1)
    for (let i = start; i > stop; i += step) out.push(items[i] as T)
  }
  return out
}

/** `obj[key]` (Jinja2 `getitem`: the item, else the attribute, else Undefined). */
export function getItem(obj: unknown, key: unknown): unknown {
  if (obj === undefined) throw renderError('cannot read an item of an undefined value')
  // A generator has no items by index: Jinja2 falls back to the attribute, which is none.
  if (isGenerator(obj)) return undefined
  if (key instanceof Slice) {
    if (typeof obj === 'string') return sliceItems(chars(obj), key).join('')
    if (Array.isArray(obj)) {
      const out = sliceItems(obj, key)
      return isTuple(obj) ? tuple(out) : out
    }
    if (obj instanceof Markup) return new Markup(sliceItems(chars(obj.s), key).join(''))
    throw renderError(`'${typeName(obj)}' object is not subscriptable`)
  }
  if (Array.isArray(obj)) {
    if (isInt(key)) return index(obj, num(key))
  } else if (typeof obj === 'string') {
    if (isInt(key)) return index(chars(obj), num(key))
  } else if (isPlainObject(obj)) {
    if (typeof key === 'string') {
      const v = ownData(obj, key)
      if (v !== undefined) return v
    }
  }
  return typeof key === 'string' ? getAttr(obj, key) : undefined
}

/** `obj.name` (Jinja2 `getattr`: the attribute, else the item, else Undefined). */
export function getAttr(obj: unknown, name: string): unknown {
  if (obj === undefined) {
    throw renderError(`cannot read \`${name}\` of an undefined value`)
  }
  if (obj instanceof Markup) return markupMethod(obj, name)
  if (typeof obj === 'string') return stringMethod(obj, name)
  if (Array.isArray(obj)) {
    if (isGroupTuple(obj)) return name === 'grouper' ? obj[0] : name === 'list' ? obj[1] : undefined
    return LIST_METHODS.has(name) && !isGenerator(obj)
      ? notSupported(typeName(obj), name)
      : undefined
  }
  if (isPlainObject(obj)) {
    if (DICT_METHODS.has(name)) return dictMethod(obj, name)
    return ownData(obj, name)
  }
  if (obj instanceof TemplateObject) return obj.attr(name)
  return undefined
}

/** Objects the engine itself gives templates (`loop`, `cycler()`); they list their own members. */
export abstract class TemplateObject {
  abstract attr(name: string): unknown
}

function notSupported(type: string, name: string): Callable {
  return new Callable(`${type}.${name}`, () => {
    throw renderError(`\`${type}.${name}()\` is not supported in templates`)
  })
}

const LIST_METHODS = new Set([
  'append',
  'clear',
  'copy',
  'count',
  'extend',
  'index',
  'insert',
  'pop',
  'remove',
  'reverse',
  'sort',
])

const DICT_METHODS = new Set([
  'clear',
  'copy',
  'fromkeys',
  'get',
  'items',
  'keys',
  'pop',
  'popitem',
  'setdefault',
  'update',
  'values',
])

/** Method names templates may call (analysis rejects a call to any other `.name()`). */
export const METHOD_NAMES: ReadonlySet<string> = new Set([
  'items',
  'keys',
  'values',
  'get',
  'upper',
  'lower',
  'strip',
  'lstrip',
  'rstrip',
  'split',
  'startswith',
  'endswith',
  'replace',
  'title',
  'capitalize',
  'join',
  'count',
  'find',
])

function arity(name: string, args: unknown[], min: number, max: number, kwargs: Kwargs): void {
  if (kwargs) throw renderError(`\`${name}()\` takes no keyword arguments`)
  if (args.length < min || args.length > max) {
    throw renderError(
      `\`${name}()\` takes ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`,
    )
  }
}

function dictMethod(obj: Record<string, unknown>, name: string): Callable {
  const full = `dict.${name}`
  switch (name) {
    case 'items':
      return new Callable(full, (a, k) => {
        arity(full, a, 0, 0, k)
        return view(
          'dict_items',
          Object.keys(obj).map((key) => tuple([key, obj[key]])),
        )
      })
    case 'keys':
      return new Callable(full, (a, k) => {
        arity(full, a, 0, 0, k)
        return view('dict_keys', Object.keys(obj))
      })
    case 'values':
      return new Callable(full, (a, k) => {
        arity(full, a, 0, 0, k)
        return view('dict_values', Object.values(obj))
      })
    case 'get':
      return new Callable(full, (a, k) => {
        arity(full, a, 1, 2, k)
        const key = a[0]
        const v = typeof key === 'string' ? ownData(obj, key) : undefined
        return v === undefined ? (a.length > 1 ? a[1] : null) : v
      })
    default:
      return notSupported('dict', name)
  }
}

const STR_METHODS = new Set(
  (
    'capitalize casefold center count encode endswith expandtabs find format format_map index ' +
    'isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace ' +
    'istitle isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace ' +
    'rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title ' +
    'translate upper zfill'
  ).split(' '),
)

/** Python's whitespace (str.isspace), which differs from JavaScript's `\s` (no U+FEFF). */
const PY_SPACE =
  '\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'

export function isPySpace(ch: string): boolean {
  return PY_SPACE.includes(ch)
}

/** Python's whitespace by code unit, without a string search per character. */
function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31)
  return c >= 0x85 && PY_SPACE.includes(String.fromCharCode(c))
}

/** Python `str.strip(chars)` and its one-sided forms. */
export function pyStrip(s: string, chars?: unknown, left = true, right = true): string {
  let a = 0
  let b = s.length
  if (chars === undefined || chars === null) {
    if (left) while (a < b && isSpaceCode(s.charCodeAt(a))) a++
    if (right) while (b > a && isSpaceCode(s.charCodeAt(b - 1))) b--
  } else {
    const set = str(chars)
    if (left) while (a < b && set.includes(s[a] as string)) a++
    if (right) while (b > a && set.includes(s[b - 1] as string)) b--
  }
  return a === 0 && b === s.length ? s : s.slice(a, b)
}

/** Python `str.split(sep=None, maxsplit=-1)`. */
export function pySplit(s: string, sep?: unknown, maxsplit = -1): string[] {
  if (sep === undefined || sep === null) {
    const out: string[] = []
    let i = 0
    while (i < s.length) {
      while (i < s.length && isPySpace(s[i] as string)) i++
      if (i >= s.length) break
      if (maxsplit >= 0 && out.length === maxsplit) {
        out.push(pyStrip(s.slice(i), undefined, false, true))
        break
      }
      let j = i
      while (j < s.length && !isPySpace(s[j] as string)) j++
      out.push(s.slice(i, j))
      i = j
    }
    return out
  }
  const d = str(sep)
  if (d === '') throw renderError('empty separator')
  const parts = s.split(d)
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(d)]
}

/** Python `str.replace(old, new, count=-1)`. */
export function pyReplace(s: string, old: string, repl: string, count = -1): string {
  if (old === '') {
    const cs = chars(s)
    let out = ''
    let n = 0
    for (let i = 0; i <= cs.length; i++) {
      if (count < 0 || n < count) {
        out += repl
        n++
      }
      if (i < cs.length) out += cs[i]
    }
    return out
  }
  if (count < 0) return s.split(old).join(repl)
  let out = ''
  let rest = s
  for (let n = 0; n < count; n++) {
    const at = rest.indexOf(old)
    if (at < 0) break
    out += rest.slice(0, at) + repl
    rest = rest.slice(at + old.length)
  }
  return out + rest
}

/** Python `str.capitalize()`. */
export function pyCapitalize(s: string): string {
  const [first = '', ...rest] = chars(s)
  return (first ? titleCase(first) : '') + rest.join('').toLowerCase()
}

/** Python `str.title()`: a letter after a non-letter starts a word. */
export function pyTitle(s: string): string {
  let out = ''
  let prevCased = false
  for (const ch of s) {
    const cased = ch.toLowerCase() !== ch.toUpperCase()
    out += cased ? (prevCased ? ch.toLowerCase() : titleCase(ch)) : ch
    prevCased = cased
  }
  return out
}

function prefixes(arg: unknown): string[] {
  if (isTuple(arg)) return (arg as unknown[]).map((p) => str(p))
  if (typeof arg !== 'string') {
    throw renderError(
      `startswith/endswith first arg must be str or a tuple of str, not ${typeName(arg)}`,
    )
  }
  return [arg]
}

/** Escaped text as Markup's operators see it: Markup as is, anything else escaped. */
function markupText(v: unknown): string {
  return v instanceof Markup ? v.s : (escapeHtml(v) as Markup).s
}

const FILL_ESCAPED = new Set(['replace', 'center', 'ljust', 'rjust'])
/** Methods whose text arguments Markup escapes in ways Canon does not follow (refused). */
const INSERTS_TEXT = new Set(['format', 'join', 'translate'])

/** Markup's methods that return Markup (markupsafe wraps them; their arguments get escaped). */
const MARKUP_WRAPPED = new Set([
  'capitalize',
  'center',
  'expandtabs',
  'format',
  'join',
  'ljust',
  'lower',
  'lstrip',
  'partition',
  'replace',
  'rjust',
  'rpartition',
  'rsplit',
  'rstrip',
  'split',
  'splitlines',
  'strip',
  'swapcase',
  'title',
  'translate',
  'upper',
  'zfill',
])

/**
 * A method of Markup: the ones markupsafe wraps return Markup (lists of Markup for `split`);
 * Canon runs those only without text arguments, which Markup would escape first.
 */
function markupMethod(obj: Markup, name: string): unknown {
  const m = stringMethod(obj.s, name)
  if (!(m instanceof Callable) || !MARKUP_WRAPPED.has(name)) return m
  return new Callable(`Markup.${name}`, (a0, k) => {
    // markupsafe 3 escapes only the text these methods insert: replace's `new`, the fill char.
    const a = FILL_ESCAPED.has(name)
      ? a0.map((x, i) => (i === 1 && x !== undefined ? markupText(x) : x))
      : a0
    const args = [...a, ...Object.values(k ?? {})]
    if (INSERTS_TEXT.has(name) && args.some((x) => typeof x === 'string' || x instanceof Markup)) {
      throw renderError(
        `\`.${name}()\` with text arguments on escaped text (Markup) is not supported: call it before escaping`,
      )
    }
    const r = m.call(a, k)
    if (typeof r === 'string') return new Markup(r)
    if (Array.isArray(r)) return r.map((x) => (typeof x === 'string' ? new Markup(x) : x))
    return r
  })
}

/** `s[start:end]` for the optional start/end of `startswith`/`endswith`. */
function strRange(s: string, start: unknown, end: unknown): string {
  if (start === undefined && end === undefined) return s
  const norm = (v: unknown) => (v === undefined || v === null ? null : num(v))
  return sliceItems(chars(s), new Slice(norm(start), norm(end), null)).join('')
}

function stringMethod(s: string, name: string): unknown {
  if (!STR_METHODS.has(name)) return undefined
  const full = `str.${name}`
  const m = (min: number, max: number, fn: (a: unknown[]) => unknown): Callable =>
    new Callable(full, (a, k) => {
      arity(full, a, min, max, k)
      return fn(a)
    })
  switch (name) {
    case 'upper':
      return m(0, 0, () => s.toUpperCase())
    case 'lower':
      return m(0, 0, () => s.toLowerCase())
    case 'strip':
      return m(0, 1, (a) => pyStrip(s, a[0]))
    case 'lstrip':
      return m(0, 1, (a) => pyStrip(s, a[0], true, false))
    case 'rstrip':
      return m(0, 1, (a) => pyStrip(s, a[0], false, true))
    case 'split':
      return m(0, 2, (a) => pySplit(s, a[0], a[1] === undefined ? -1 : num(a[1])))
    case 'startswith':
      return m(1, 3, (a) => {
        const t = strRange(s, a[1], a[2])
        return prefixes(a[0]).some((p) => t.startsWith(p))
      })
    case 'endswith':
      return m(1, 3, (a) => {
        const t = strRange(s, a[1], a[2])
        return prefixes(a[0]).some((p) => t.endsWith(p))
      })
    case 'replace':
      return m(2, 3, (a) => pyReplace(s, str(a[0]), str(a[1]), a[2] === undefined ? -1 : num(a[2])))
    case 'title':
      return m(0, 0, () => pyTitle(s))
    case 'capitalize':
      return m(0, 0, () => pyCapitalize(s))
    case 'count':
      return m(1, 1, (a) => {
        const sub = str(a[0])
        return sub === '' ? chars(s).length + 1 : s.split(sub).length - 1
      })
    case 'find':
      return m(1, 1, (a) => {
        const at = s.indexOf(str(a[0]))
        return at < 0 ? -1 : chars(s.slice(0, at)).length
      })
    case 'join':
      return m(1, 1, (a) =>
        toList(a[0])
          .map((x) => {
            if (typeof x !== 'string' && !(x instanceof Markup)) {
              throw renderError(`sequence item: expected str instance, ${typeName(x)} found`)
            }
            return str(x)
          })
          .join(s),
      )
    default:
      return notSupported('str', name)
  }
}
