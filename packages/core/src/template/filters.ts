/**
 * The filters templates may use, each written to give what Jinja2 3.1's filter of the same
 * name gives (the conformance corpus checks it). Filters that take an attribute name read
 * it with `getItem` (own data only), dotted paths and integer segments as Jinja2 does.
 * @module
 */

import { fileSize, floatOf, intOf, unescapeHtml } from './py-convert'
import { toFixedEven } from './py-format'
import { jsonDumps } from './py-json'
import { add, getItem, mod, pyCapitalize, pyReplace, pyStrip, Slice, sliceItems } from './py-ops'
import {
  chars,
  compare,
  drain,
  eq,
  escapeHtml,
  float,
  generator,
  groupTuple,
  hashable,
  isFloat,
  isGenerator,
  isInt,
  isNumber,
  isPlainObject,
  type Kwargs,
  len,
  Markup,
  nextItem,
  num,
  PyFloat,
  renderError,
  str,
  strRepr,
  toList,
  truthy,
  tuple,
  typeName,
} from './py-value'
import { TESTS } from './tests'
import { textWrap } from './text-wrap'

/** What filters need from the engine: other filters and tests by name (`map`, `select`). */
export interface FilterEnv {
  filter(name: string, value: unknown, args: unknown[], kwargs: Kwargs): unknown
  test(name: string, value: unknown, args: unknown[], kwargs: Kwargs): boolean
}

type FilterFn = (
  value: unknown,
  a: unknown[],
  env: FilterEnv,
  rest: unknown[],
  kw: Kwargs,
) => unknown

/** A filter: its parameters (after the value) with defaults, and its body. */
export interface FilterDef {
  params: readonly string[]
  defaults: readonly unknown[]
  /** Takes extra positional/keyword arguments (`map`, `select`, `format`). */
  variadic?: boolean
  fn: FilterFn
}

const REQUIRED = Symbol('required')

function def(params: string, defaults: unknown[], fn: FilterFn, variadic = false): FilterDef {
  const names = params ? params.split(' ') : []
  const d = names.map((_, i) =>
    i < names.length - defaults.length ? REQUIRED : defaults[i - (names.length - defaults.length)],
  )
  return { params: names, defaults: d, fn, variadic }
}

/**
 * Binds call arguments to a filter's parameters as Python would, or throws.
 * @example bindArgs(FILTERS.truncate, [10], null) // [10, false, '...', 5]
 */
export function bindArgs(
  name: string,
  f: FilterDef,
  args: unknown[],
  kwargs: Kwargs,
): { bound: unknown[]; rest: unknown[]; kw: Kwargs } {
  if (args.length === 0 && !kwargs && !f.defaults.includes(REQUIRED)) {
    return { bound: f.defaults as unknown[], rest: [], kw: null }
  }
  const bound = f.defaults.slice()
  const rest: unknown[] = []
  for (let i = 0; i < args.length; i++) {
    if (i < bound.length) bound[i] = args[i]
    else if (f.variadic) rest.push(args[i])
    else
      throw renderError(
        `filter \`${name}\` takes at most ${f.params.length} arguments, got ${args.length}`,
      )
  }
  let kw: Kwargs = null
  if (kwargs) {
    for (const k of Object.keys(kwargs)) {
      const at = f.params.indexOf(k)
      if (at >= 0) {
        if (at < args.length)
          throw renderError(`filter \`${name}\` got multiple values for \`${k}\``)
        bound[at] = kwargs[k]
      } else if (f.variadic) {
        kw ??= Object.create(null) as Record<string, unknown>
        kw[k] = kwargs[k]
      } else throw renderError(`filter \`${name}\` got an unexpected keyword argument \`${k}\``)
    }
  }
  const missing = bound.indexOf(REQUIRED)
  if (missing >= 0)
    throw renderError(`filter \`${name}\` is missing its \`${f.params[missing]}\` argument`)
  return { bound, rest, kw }
}

// ---------------------------------------------------------------------------------------
// Attribute getters (Jinja2's make_attrgetter)

function attrParts(attribute: unknown): unknown[] {
  if (typeof attribute === 'string') {
    return attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  }
  if (isInt(attribute)) return [num(attribute)]
  if (attribute === null || attribute === undefined) return []
  throw renderError(`attribute must be a string or an integer, got ${typeName(attribute)}`)
}

function attrGetter(attribute: unknown, post?: (v: unknown) => unknown, dflt: unknown = null) {
  const parts = attrParts(attribute)
  return (item: unknown): unknown => {
    let v = item
    for (const p of parts) v = getItem(v, p)
    if (v === undefined && dflt !== null && dflt !== undefined) v = dflt
    return post ? post(v) : v
  }
}

function ignoreCase(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v
}

function sortKey(caseSensitive: unknown, attribute: unknown): (v: unknown) => unknown {
  const post = truthy(caseSensitive) ? undefined : ignoreCase
  if (typeof attribute === 'string' && attribute.includes(',')) {
    const getters = attribute.split(',').map((a) => attrGetter(a, post))
    return (v) => getters.map((g) => g(v))
  }
  if (attribute === null || attribute === undefined) return post ?? ((v) => v)
  return attrGetter(attribute, post)
}

function sorted(items: unknown[], key: (v: unknown) => unknown, reverse: boolean): unknown[] {
  const keyed = items.map((v) => [key(v), v] as const)
  keyed.sort((x, y) => (reverse ? -1 : 1) * compareKeys(x[0], y[0]))
  return keyed.map((p) => p[1])
}

function compareKeys(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i])
      if (c !== 0) return c
    }
    return a.length - b.length
  }
  return compare(a, b)
}

// ---------------------------------------------------------------------------------------
// Helpers

function text(v: unknown): string {
  return str(v)
}

/** Python's line boundaries (str.splitlines), control characters included. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's splitlines splits at these
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/

/** Python `str.splitlines()`. */
function splitLines(s: string): string[] {
  const out = s.split(LINE_BREAK)
  if (out.length > 0 && out[out.length - 1] === '') out.pop()
  return out
}

/** Python `round(x, n)`: half to even on the exact binary value. */
function pyRound(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x
  if (digits < 0) {
    const f = 10 ** -digits
    return pyRound(x / f, 0) * f
  }
  return Number(toFixedEven(x, Math.min(digits, 100)))
}

function minMax(value: unknown, cs: unknown, attribute: unknown, sign: number): unknown {
  const items = toList(value)
  if (items.length === 0) return undefined
  const key = sortKey(cs, attribute)
  let best = items[0]
  let bestKey = key(best)
  for (let i = 1; i < items.length; i++) {
    const k = key(items[i])
    if (sign * compareKeys(k, bestKey) > 0) {
      best = items[i]
      bestKey = k
    }
  }
  return best
}

function selectOrReject(
  env: FilterEnv,
  value: unknown,
  rest: unknown[],
  kw: Kwargs,
  want: boolean,
  attribute?: unknown,
): unknown[] {
  const get = attribute === undefined ? (v: unknown) => v : attrGetter(attribute)
  const [testName, ...args] = rest
  const check =
    testName === undefined
      ? (v: unknown) => truthy(v)
      : (v: unknown) => env.test(text(testName), v, args, kw)
  const name = `${want ? 'select' : 'reject'}${attribute === undefined ? '' : 'attr'}`
  const items = truthy(value) ? lazySource(value, name) : []
  return generator(items.filter((v) => check(get(v)) === want))
}

/**
 * The items a generator-returning filter reads. Jinja2 reads its input only as its own
 * result is read, so a generator input is marked unreadable afterwards: reading it again
 * would interleave in Jinja2 in a way Canon's eager filters cannot reproduce.
 */
function lazySource(v: unknown, name: string): unknown[] {
  return isGenerator(v)
    ? drain(v as unknown[], `was handed to \`${name}\`, which reads it lazily in Jinja2`)
    : toList(v)
}

function unpackStrings(items: unknown[]): string[] {
  return items.map(text)
}

/** Jinja2 runs some string filters as Markup methods on Markup, so the result stays Markup. */
function keep(v: unknown, s: string): string | Markup {
  return v instanceof Markup ? new Markup(s) : s
}

const TITLE_SPLIT = /([-\s({[<]+)/u

const filters: Record<string, FilterDef> = Object.assign(
  Object.create(null) as Record<string, FilterDef>,
  {
    abs: def('', [], (v) => {
      if (!isNumber(v)) throw renderError(`bad operand type for abs(): '${typeName(v)}'`)
      return isFloat(v) ? float(Math.abs(num(v))) : Math.abs(num(v))
    }),
    batch: def('linecount fill_with', [null], (v, [n, fill]) => {
      const size = num(n)
      if (size <= 0) throw renderError('batch size must be positive')
      const out: unknown[][] = []
      let cur: unknown[] = []
      for (const x of lazySource(v, 'batch')) {
        if (cur.length === size) {
          out.push(cur)
          cur = []
        }
        cur.push(x)
      }
      if (cur.length > 0) {
        if (fill !== null && fill !== undefined) while (cur.length < size) cur.push(fill)
        out.push(cur)
      }
      return generator(out)
    }),
    capitalize: def('', [], (v) => keep(v, pyCapitalize(text(v)))),
    center: def('width', [80], (v, [w]) => {
      const s = text(v)
      const width = num(w)
      const n = chars(s).length
      if (n >= width) return keep(v, s)
      const marg = width - n
      const left = Math.floor(marg / 2) + (marg & width & 1)
      return keep(v, ' '.repeat(left) + s + ' '.repeat(marg - left))
    }),
    default: def('default_value boolean', ['', false], (v, [d, b]) =>
      v === undefined || (truthy(b) && !truthy(v)) ? d : v,
    ),
    dictsort: def('case_sensitive by reverse', [false, 'key', false], (v, [cs, by, rev]) => {
      if (!isPlainObject(v)) throw renderError(`dictsort needs a dict, got ${typeName(v)}`)
      const pos = by === 'key' ? 0 : by === 'value' ? 1 : -1
      if (pos < 0) throw renderError('You can only sort by either "key" or "value"')
      const post = truthy(cs) ? (x: unknown) => x : ignoreCase
      const pairs = Object.keys(v).map((k) => tuple([k, v[k]]))
      return sorted(pairs, (p) => post((p as unknown[])[pos]), truthy(rev))
    }),
    escape: def('', [], (v) => escapeHtml(v)),
    filesizeformat: def('binary', [false], (v, [b]) => fileSize(v, b)),
    first: def('', [], (v) => (isGenerator(v) ? nextItem(v as unknown[]) : toList(v)[0])),
    float: def('default', [new PyFloat(0)], (v, [d]) => floatOf(v, d)),
    format: def(
      '',
      [],
      (v, _a, _env, rest, kw) => {
        if (rest.length > 0 && kw)
          throw renderError("can't handle positional and keyword arguments at the same time")
        // Markup % () is Markup; with arguments Markup would escape them (refused by `mod`).
        if (v instanceof Markup && rest.length === 0 && !kw)
          return keep(v, str(mod(v.s, tuple([]))))
        if (v instanceof Markup) return mod(v, kw ?? tuple(rest))
        return mod(text(v), kw ?? tuple(rest))
      },
      true,
    ),
    groupby: def('attribute default case_sensitive', [null, false], (v, [attr, d, cs]) => {
      const key = attrGetter(attr, truthy(cs) ? undefined : ignoreCase, d)
      const items = sorted(toList(v), key, false)
      const groups: [unknown, unknown[]][] = []
      for (const item of items) {
        const k = key(item)
        const last = groups[groups.length - 1]
        if (last && eq(last[0], k)) last[1].push(item)
        else groups.push([k, [item]])
      }
      const out = truthy(cs)
        ? groups
        : groups.map(
            ([, list]) => [attrGetter(attr, undefined, d)(list[0]), list] as [unknown, unknown[]],
          )
      return out.map(([k, list]) => groupTuple(k, list))
    }),
    indent: def('width first blank', [4, false, false], (v, [w, first, blank]) => {
      const ind = typeof w === 'string' ? w : ' '.repeat(Math.max(0, num(w)))
      const lines = splitLines(`${text(v)}\n`)
      let rv: string
      if (truthy(blank)) rv = lines.join(`\n${ind}`)
      else {
        rv = lines.shift() ?? ''
        if (lines.length > 0) rv += `\n${lines.map((l) => (l ? ind + l : l)).join('\n')}`
      }
      return keep(v, truthy(first) ? ind + rv : rv)
    }),
    int: def('default base', [0, 10], (v, [d, b]) => intOf(v, d, b)),
    items: def('', [], (v) => {
      if (v === undefined) return generator([])
      if (!isPlainObject(v))
        throw renderError(`Can only get item pairs from a mapping, got ${typeName(v)}`)
      return generator(Object.keys(v).map((k) => tuple([k, v[k]])))
    }),
    join: def('d attribute', ['', null], (v, [d, attr]) => {
      const items = toList(v)
      const values = attr === null || attr === undefined ? items : items.map(attrGetter(attr))
      return unpackStrings(values).join(text(d))
    }),
    last: def('', [], (v) => {
      if (isGenerator(v)) throw renderError("'generator' object is not reversible")
      const items = toList(v)
      const last = items[items.length - 1]
      // Markup's last character is Markup too.
      return v instanceof Markup && last !== undefined ? new Markup(text(last)) : last
    }),
    length: def('', [], (v) => {
      if (isGenerator(v)) throw renderError("object of type 'generator' has no len()")
      return len(v)
    }),
    list: def('', [], (v) => [...toList(v)]),
    lower: def('', [], (v) => keep(v, text(v).toLowerCase())),
    map: def(
      '',
      [],
      (v, _a, env, rest, kw) => {
        // Jinja2 maps, selects and rejects nothing over a falsy value (None, Undefined, []).
        const items = truthy(v) ? lazySource(v, 'map') : []
        if (rest.length === 0 && kw && 'attribute' in kw) {
          const { attribute, default: d, ...others } = kw
          if (Object.keys(others).length > 0)
            throw renderError(
              `Unexpected keyword argument ${strRepr(Object.keys(others)[0] as string)}`,
            )
          return generator(items.map(attrGetter(attribute, undefined, d)))
        }
        const [name, ...args] = rest
        if (name === undefined) throw renderError('map requires a filter argument')
        return generator(items.map((x) => env.filter(text(name), x, args, kw)))
      },
      true,
    ),
    max: def('case_sensitive attribute', [false, null], (v, [cs, a]) => minMax(v, cs, a, 1)),
    min: def('case_sensitive attribute', [false, null], (v, [cs, a]) => minMax(v, cs, a, -1)),
    reject: def('', [], (v, _a, env, rest, kw) => selectOrReject(env, v, rest, kw, false), true),
    rejectattr: def(
      '',
      [],
      (v, _a, env, [attr, ...rest], kw) => selectOrReject(env, v, rest, kw, false, attr),
      true,
    ),
    replace: def('old new count', [null], (v, [o, n, c]) =>
      pyReplace(text(v), text(o), text(n), c === null || c === undefined ? -1 : num(c)),
    ),
    reverse: def('', [], (v) => {
      if (typeof v === 'string' || v instanceof Markup)
        return keep(v, chars(text(v)).reverse().join(''))
      return generator([...toList(v)].reverse())
    }),
    round: def('precision method', [0, 'common'], (v, [p, m]) => {
      if (m !== 'common' && m !== 'ceil' && m !== 'floor') {
        throw renderError('method must be common, ceil or floor')
      }
      if (!isNumber(v)) throw renderError(`type ${typeName(v)} doesn't define __round__ method`)
      const digits = num(p)
      if (m === 'common') {
        const r = pyRound(num(v), digits)
        return isFloat(v) ? float(r) : r
      }
      const f = 10 ** digits
      return float((m === 'ceil' ? Math.ceil : Math.floor)(num(v) * f) / f)
    }),
    safe: def('', [], (v) => (v instanceof Markup ? v : new Markup(text(v)))),
    select: def('', [], (v, _a, env, rest, kw) => selectOrReject(env, v, rest, kw, true), true),
    selectattr: def(
      '',
      [],
      (v, _a, env, [attr, ...rest], kw) => selectOrReject(env, v, rest, kw, true, attr),
      true,
    ),
    slice: def('slices fill_with', [null], (v, [n, fill]) => {
      const seq = lazySource(v, 'slice')
      const slices = num(n)
      const per = Math.floor(seq.length / slices)
      const extra = seq.length % slices
      let offset = 0
      const out: unknown[][] = []
      for (let i = 0; i < slices; i++) {
        const start = offset + i * per
        if (i < extra) offset++
        const end = offset + (i + 1) * per
        const part = sliceItems(seq, new Slice(start, end, null))
        if (fill !== null && fill !== undefined && i >= extra) part.push(fill)
        out.push(part)
      }
      return generator(out)
    }),
    sort: def('reverse case_sensitive attribute', [false, false, null], (v, [r, cs, a]) =>
      sorted([...toList(v)], sortKey(cs, a), truthy(r)),
    ),
    string: def('', [], (v) => (v instanceof Markup ? v : text(v))),
    striptags: def('', [], (v) => {
      const s = text(v)
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<\/?[a-zA-Z][^>]*>/g, '')
      return unescapeHtml(
        s
          .split(/[\s]+/)
          .filter((w) => w)
          .join(' '),
      )
    }),
    sum: def('attribute start', [null, 0], (v, [a, start]) => {
      const items = toList(v)
      const values = a === null || a === undefined ? items : items.map(attrGetter(a))
      if (typeof start === 'string' || start instanceof Markup) {
        throw renderError("sum() can't sum strings [use ''.join(seq) instead]")
      }
      let total = start
      for (const x of values) total = add(total, x)
      return total
    }),
    title: def('', [], (v) =>
      text(v)
        .split(TITLE_SPLIT)
        .filter((w) => w)
        .map((w) => {
          const [c = '', ...more] = chars(w)
          return c.toUpperCase() + more.join('').toLowerCase()
        })
        .join(''),
    ),
    tojson: def('indent', [null], (v, [i]) => new Markup(jsonDumps(v, i))),
    trim: def('chars', [null], (v, [c]) => keep(v, pyStrip(text(v), c))),
    truncate: def(
      'length killwords end leeway',
      [255, false, '...', 5],
      (v, [l, kill, end, lw]) => {
        const s = chars(text(v))
        const length = num(l)
        const e = text(end)
        const leeway = lw === null || lw === undefined ? 5 : num(lw)
        if (length < e.length) throw renderError('expected length >= len(end)')
        if (leeway < 0) throw renderError('expected leeway >= 0')
        if (s.length <= length + leeway) return keep(v, s.join(''))
        const head = s.slice(0, length - chars(e).length).join('')
        // Markup + end escapes `end`.
        const tail = v instanceof Markup ? escapeHtml(e).s : e
        if (truthy(kill)) return keep(v, head + tail)
        const at = head.lastIndexOf(' ')
        return keep(v, (at < 0 ? head : head.slice(0, at)) + tail)
      },
    ),
    unique: def('case_sensitive attribute', [false, null], (v, [cs, a]) => {
      const key = sortKey(cs, a)
      const seen: unknown[] = []
      const out: unknown[] = []
      for (const x of lazySource(v, 'unique')) {
        const k = key(x)
        // Python collects the keys in a set: lists and dicts cannot be in one.
        if (!hashable(k)) throw renderError(`unhashable type: '${typeName(k)}'`)
        if (!seen.some((s) => eq(s, k))) {
          seen.push(k)
          out.push(x)
        }
      }
      return generator(out)
    }),
    upper: def('', [], (v) => keep(v, text(v).toUpperCase())),
    urlencode: def('', [], (v) => {
      const q = (s: unknown) =>
        encodeURIComponent(text(s))
          .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
          .replace(/%2F/g, '/')
          .replace(/%7E/g, '~')
      const qs = (s: unknown) => q(s).replace(/\//g, '%2F').replace(/%20/g, '+')
      if (isPlainObject(v))
        return Object.keys(v)
          .map((k) => `${qs(k)}=${qs(v[k])}`)
          .join('&')
      return q(v)
    }),
    wordcount: def('', [], (v) => (text(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length),
    wordwrap: def(
      'width break_long_words wrapstring break_on_hyphens',
      [79, true, null, true],
      (v, [w, bl, ws, bh]) => {
        const sep = ws === null || ws === undefined ? '\n' : text(ws)
        return splitLines(text(v))
          .map((line) => textWrap(line, num(w), truthy(bl), truthy(bh)).join(sep))
          .join(sep)
      },
    ),
  },
)
filters.count = filters.length as FilterDef
filters.d = filters.default as FilterDef
filters.e = filters.escape as FilterDef

/** Filters by name. */
export const FILTERS: Readonly<Record<string, FilterDef>> = filters

/** The engine as filters see it: other filters and tests by name (`map`, `select`). */
export const filterEnv: FilterEnv = {
  filter(name, value, args, kwargs) {
    const f = FILTERS[name]
    if (!f) throw renderError(`no filter named ${JSON.stringify(name)}`)
    const { bound, rest, kw } = bindArgs(name, f, args, kwargs)
    return f.fn(value, bound, filterEnv, rest, kw)
  },
  test(name, value, args, kwargs) {
    const t = TESTS[name]
    if (!t) throw renderError(`no test named ${JSON.stringify(name)}`)
    if (kwargs) throw renderError(`test \`${name}\` takes no keyword arguments`)
    if (args.length !== t.params) {
      throw renderError(`test \`${name}\` takes ${t.params} argument(s), got ${args.length}`)
    }
    return t.fn(value, args[0])
  },
}
