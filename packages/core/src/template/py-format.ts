/**
 * Python's printf-style string formatting (`'%s and %.2f' % (a, b)` and the `format`
 * filter), for the conversions prompt authors use: s r d i f F e E g G x X o c %.
 * @module
 */
import {
  isFloat,
  isNumber,
  isPlainObject,
  isTuple,
  num,
  renderError,
  repr,
  str,
  typeName,
} from './py-value'

const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])/g

/**
 * `format % args` as Python computes it.
 * @example percentFormat('%s has %d items', ['cart', 3]) // 'cart has 3 items'
 */
export function percentFormat(format: string, args: unknown): string {
  const positional = isTuple(args) ? (args as unknown[]) : [args]
  const mapping = isPlainObject(args) ? args : undefined
  let next = 0
  const take = (): unknown => {
    if (next >= positional.length) throw renderError('not enough arguments for format string')
    return positional[next++]
  }
  let usedMapping = false
  const out = format.replace(SPEC, (_m, key: string | undefined, flags: string, w, p, conv) => {
    if (conv === '%' && key === undefined) return '%'
    let value: unknown
    if (key !== undefined) {
      if (!mapping) throw renderError('format requires a mapping')
      usedMapping = true
      value = Object.hasOwn(mapping, key) ? mapping[key] : undefined
      if (value === undefined) throw renderError(`KeyError: ${repr(key)}`)
    }
    const width = w === '*' ? num(take()) : w === undefined ? undefined : Number(w)
    const precision = p === '*' ? num(take()) : p === undefined ? undefined : Number(p)
    if (key === undefined) value = take()
    return formatOne(conv, flags, width, precision, value)
  })
  if (!usedMapping && !mapping && next < positional.length) {
    throw renderError('not all arguments converted during string formatting')
  }
  return out
}

function formatOne(
  conv: string,
  flags: string,
  width: number | undefined,
  precision: number | undefined,
  value: unknown,
): string {
  let body: string
  let numeric = true
  switch (conv) {
    case 's':
    case 'r':
    case 'a':
      numeric = false
      body = conv === 's' ? str(value) : repr(value)
      if (precision !== undefined) body = Array.from(body).slice(0, precision).join('')
      break
    case 'd':
    case 'i':
    case 'u':
      body = integerText(value, 10)
      break
    case 'x':
    case 'X':
    case 'o': {
      if (isFloat(value) || !isNumber(value)) {
        throw renderError(`%${conv} format: an integer is required, not ${typeName(value)}`)
      }
      body = integerText(value, conv === 'o' ? 8 : 16)
      if (flags.includes('#')) body = body.replace(/^(-?)/, `$1${conv === 'o' ? '0o' : '0x'}`)
      if (conv === 'X') body = body.toUpperCase()
      break
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      body = floatText(conv, precision ?? 6, requireNumber(value, conv), flags.includes('#'))
      break
    case 'c':
      numeric = false
      body = typeof value === 'string' ? value : String.fromCodePoint(num(value))
      break
    default:
      throw renderError(`unsupported format character '${conv}'`)
  }
  if (numeric) {
    if (!body.startsWith('-')) {
      if (flags.includes('+')) body = `+${body}`
      else if (flags.includes(' ')) body = ` ${body}`
    }
  }
  if (width !== undefined && body.length < width) {
    if (flags.includes('-')) body = body.padEnd(width)
    else if (numeric && flags.includes('0') && /^[-+ ]?[\d.]/.test(body)) {
      const sign = /^[-+ ]/.test(body) ? (body[0] as string) : ''
      body = sign + body.slice(sign.length).padStart(width - sign.length, '0')
    } else body = body.padStart(width)
  }
  return body
}

function requireNumber(value: unknown, conv: string): number {
  if (!isNumber(value)) {
    throw renderError(`must be real number, not ${typeName(value)} (%${conv} format)`)
  }
  return num(value)
}

function integerText(value: unknown, radix: number): string {
  if (!isNumber(value)) {
    throw renderError(`%d format: a real number is required, not ${typeName(value)}`)
  }
  return Math.trunc(num(value)).toString(radix)
}

/** Python's `%f`, `%e` and `%g` (shared with the `round`-free parts of `format`). */
export function floatText(conv: string, precision: number, n: number, alt = false): string {
  if (!Number.isFinite(n)) {
    const t = Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf'
    return conv === conv.toUpperCase() ? t.toUpperCase() : t
  }
  const lower = conv.toLowerCase()
  let out: string
  if (lower === 'f') out = toFixed(n, precision)
  else if (lower === 'e') out = expText(n, precision)
  else {
    const p = precision === 0 ? 1 : precision
    const exp = n === 0 ? 0 : Number(n.toExponential(p - 1).split('e')[1])
    if (exp < -4 || exp >= p) {
      out = expText(n, p - 1)
      if (!alt) out = out.replace(/\.?0+e/, 'e')
    } else {
      out = toFixed(n, p - 1 - exp)
      if (!alt && out.includes('.')) out = out.replace(/\.?0+$/, '')
    }
  }
  return conv === conv.toUpperCase() ? out.toUpperCase() : out
}

/**
 * Python's fixed-point text of a float: exact binary value, ties to even (JavaScript's
 * toFixed rounds ties away from zero: `(2.25).toFixed(1)` is 2.3, Python's `%.1f` is 2.2).
 * @example toFixedEven(2.25, 1) // '2.2'
 */
export function toFixedEven(n: number, digits: number): string {
  const fixed = n.toFixed(digits)
  const exact = n.toFixed(Math.min(100, digits + 30))
  const cut = exact.length - (Math.min(100, digits + 30) - digits)
  if (!/^50*$/.test(exact.slice(cut))) return fixed
  const down = exact.slice(0, digits === 0 ? cut - 1 : cut)
  const last = Number(down[down.length - 1])
  return last % 2 === 0 ? down : fixed
}

function toFixed(n: number, digits: number): string {
  // toFixed switches to exponent notation from 1e21; Python does not.
  if (Math.abs(n) >= 1e21)
    return BigInt(Math.round(n)).toString() + (digits > 0 ? `.${'0'.repeat(digits)}` : '')
  const t = toFixedEven(n, digits)
  return Object.is(n, -0) ? `-${t}` : t
}

function expText(n: number, digits: number): string {
  const [m, e = '0'] = n.toExponential(digits).split('e')
  const exp = Number(e)
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
}
