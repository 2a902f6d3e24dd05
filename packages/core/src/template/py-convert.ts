/**
 * Conversions of Jinja2's `int`, `float` and `filesizeformat` filters, and HTML escaping
 * (`escape`, `striptags`), as Python computes them.
 * @module
 */
import { floatText } from './py-format'
import { pyStrip } from './py-ops'
import { float, isNumber, Markup, num, str, truthy } from './py-value'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
}

export function escapeHtml(v: unknown): Markup {
  if (v instanceof Markup) return v
  return new Markup(str(v).replace(/[&<>"']/g, (c) => ESCAPES[c] as string))
}

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
    const s = pyStrip(str(value)).replace(/_/g, '')
    const b = num(base)
    const digits =
      b === 10
        ? /^[-+]?\d+$/
        : b === 16
          ? /^[-+]?(0x)?[\da-f]+$/i
          : b === 8
            ? /^[-+]?(0o)?[0-7]+$/i
            : b === 2
              ? /^[-+]?(0b)?[01]+$/i
              : undefined
    if (digits?.test(s)) return Number.parseInt(s.replace(/^([-+]?)0[xob]/i, '$1'), b)
    const f = floatOf(value, null)
    return f === null ? dflt : Math.trunc(num(f))
  }
  if (isNumber(value)) {
    const n = num(value)
    return Number.isFinite(n) ? Math.trunc(n) : dflt
  }
  return dflt
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
