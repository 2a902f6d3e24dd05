/**
 * Conversions of Jinja2's `int`, `float` and `filesizeformat` filters, and HTML unescaping
 * (`striptags`), as Python computes them.
 * @module
 */
import { floatText } from './py-format'
import { pyStrip } from './py-ops'
import { float, isNumber, Markup, num, str, truthy } from './py-value'

/** Jinja2's `filesizeformat`. */
export function fileSize(value: unknown, binary: unknown): string {
  const bytes = Number(num(typeof value === 'string' ? Number(value) : value))
  const base = truthy(binary) ? 1024 : 1000
  const prefixes = truthy(binary)
    ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
    : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB']
  if (bytes === 1) return '1 Byte'
  if (bytes < base) return `${bytes} Bytes`
  let unit = base
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2)
    if (bytes < unit) return `${floatText('f', 1, (base * bytes) / unit)} ${prefixes[i]}`
  }
  return `${floatText('f', 1, (base * bytes) / unit)} ${prefixes[prefixes.length - 1]}`
}

export function intOf(value: unknown, dflt: unknown, base: unknown): unknown {
  if (typeof value === 'string' || value instanceof Markup) {
    const parsed = pyParseInt(pyStrip(str(value)), num(base))
    if (parsed !== null) return parsed
    const f = floatOf(value, null)
    return f === null ? dflt : Math.trunc(num(f))
  }
  if (isNumber(value)) {
    const n = num(value)
    return Number.isFinite(n) ? Math.trunc(n) : dflt
  }
  return dflt
}

/** Python `int(s, base)`: sign, base prefix (base 0 guesses it), `_` between digits; else null. */
function pyParseInt(text: string, base: number): number | null {
  let t = text
  let sign = 1
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t.startsWith('-')) sign = -1
    t = t.slice(1)
  }
  let b = base
  const prefix = /^0([xob])/i.exec(t)?.[1]?.toLowerCase()
  const prefixBase = prefix === 'x' ? 16 : prefix === 'o' ? 8 : prefix === 'b' ? 2 : 0
  if (prefixBase && (b === 0 || b === prefixBase)) {
    b = prefixBase
    t = t.slice(2).replace(/^_/, '')
  } else if (b === 0) {
    b = 10
    // Base 0 takes no leading zeros ("010"), as Python literals.
    if (/^0/.test(t) && /[1-9]/.test(t)) return null
  }
  if (b < 2 || b > 36 || !/^[0-9a-z]+(_[0-9a-z]+)*$/i.test(t)) return null
  let n = 0
  for (const ch of t.replace(/_/g, '')) {
    const d = Number.parseInt(ch, 36)
    if (d >= b) return null
    n = n * b + d
  }
  return sign * n
}

export function floatOf(value: unknown, dflt: unknown): unknown {
  if (isNumber(value)) return float(num(value))
  if (typeof value === 'string' || value instanceof Markup) {
    const s = pyStrip(str(value))
      .replace(/(\d)_(?=\d)/g, '$1')
      .toLowerCase()
    if (/^[-+]?(\d+\.?\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?)$/.test(s)) return float(Number(s))
    if (/^[-+]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity
    if (/^[-+]?nan$/.test(s)) return Number.NaN
  }
  return dflt
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\xa0',
}

export function unescapeHtml(s: string): string {
  return s.replace(/&(#\d+|#x[\da-f]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m
    }
    return ENTITIES[e] ?? m
  })
}
