/**
 * Python's `json.dumps(value, sort_keys=True, indent=…)` as Jinja2's `tojson` calls it, with
 * its HTML-safe escapes (`<`, `>`, `&`, `'` as `\u003c`…) and ASCII-only output.
 * @module
 */
import {
  floatRepr,
  intText,
  isGenerator,
  isInt,
  isPlainObject,
  Markup,
  num,
  PyFloat,
  renderError,
  str,
  typeName,
} from './py-value'

/**
 * The JSON text `tojson` prints.
 * @example jsonDumps({ b: 1, a: '<' }, null) // '{"a": "\\u003c", "b": 1}'
 */
export function jsonDumps(v: unknown, indent: unknown, level = 0): string {
  if (v === null) return 'null'
  if (v === true) return 'true'
  if (v === false) return 'false'
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return intText(v)
    return Number.isFinite(v)
      ? floatRepr(v)
      : Number.isNaN(v)
        ? 'NaN'
        : v > 0
          ? 'Infinity'
          : '-Infinity'
  }
  if (v instanceof PyFloat) return floatRepr(v.v)
  if (typeof v === 'string' || v instanceof Markup) return jsonString(str(v))
  const pad =
    typeof indent === 'string' ? indent : isInt(indent) ? ' '.repeat(num(indent)) : undefined
  const nl = pad === undefined ? '' : `\n${pad.repeat(level + 1)}`
  const end = pad === undefined ? '' : `\n${pad.repeat(level)}`
  const sep = pad === undefined ? ', ' : ','
  if (Array.isArray(v) && !isGenerator(v)) {
    if (v.length === 0) return '[]'
    return `[${nl}${v.map((x) => jsonDumps(x, indent, level + 1)).join(sep + nl)}${end}]`
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort()
    if (keys.length === 0) return '{}'
    const items = keys.map((k) => `${jsonString(k)}: ${jsonDumps(v[k], indent, level + 1)}`)
    return `{${nl}${items.join(sep + nl)}${end}}`
  }
  throw renderError(`Object of type ${typeName(v)} is not JSON serializable`)
}

function jsonString(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const ch = s[i] as string
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (c < 0x20 || c > 0x7e || ch === '<' || ch === '>' || ch === '&' || ch === "'")
      out += `\\u${c.toString(16).padStart(4, '0')}`
    else out += ch
  }
  return `${out}"`
}
