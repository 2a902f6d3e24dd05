/**
 * How `contains-any` / `contains-all` (and their `i` forms) read their `value`, as promptfoo
 * does: a list, or one string of comma-separated items where `"a, b"` in double quotes keeps
 * its comma (`\"` or `""` for a quote inside). Numbers count as their text.
 * @module
 */

export type ValueList = { ok: true; items: string[] } | { ok: false; message: string }

const isItem = (v: unknown): v is string | number =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))

/**
 * Splits `a, "b, c", d` into `['a', 'b, c', 'd']` (items trimmed, empty ones dropped).
 * @example splitCommaList('refund, "Smith, J."') // { ok: true, items: ['refund', 'Smith, J.'] }
 */
export function splitCommaList(text: string): ValueList {
  const items: string[] = []
  let i = 0
  const skip = (chars: RegExp) => {
    while (i < text.length && chars.test(text[i] as string)) i++
  }
  while (i < text.length) {
    skip(/[\s,]/)
    if (i >= text.length) break
    if (text[i] === '"') {
      let item = ''
      let closed = false
      i++
      while (i < text.length) {
        const ch = text[i] as string
        const next = text[i + 1]
        if (ch === '\\' && (next === '"' || next === '\\')) {
          item += next
          i += 2
        } else if (ch === '"' && next === '"') {
          item += '"'
          i += 2
        } else if (ch === '"') {
          i++
          closed = true
          break
        } else {
          item += ch
          i++
        }
      }
      if (!closed)
        return { ok: false, message: `unterminated quoted item in ${JSON.stringify(text)}` }
      items.push(item)
      skip(/\s/)
      if (i < text.length && text[i] !== ',') {
        return { ok: false, message: `expected a comma after the quoted item "${item}"` }
      }
    } else {
      const start = i
      while (i < text.length && text[i] !== ',') i++
      items.push(text.slice(start, i).trim())
    }
  }
  return { ok: true, items }
}

/**
 * The items of a list-valued assertion: a non-empty list of strings or numbers, or a
 * comma-separated string.
 * @example valueList(['refund', 42], 'contains-any') // { ok: true, items: ['refund', '42'] }
 */
export function valueList(value: unknown, type: string): ValueList {
  if (typeof value === 'string' && value !== '') return splitCommaList(value)
  if (Array.isArray(value) && value.length > 0 && value.every(isItem)) {
    return { ok: true, items: value.map(String) }
  }
  return {
    ok: false,
    message: `\`${type}\` value must be a list of strings (or one comma-separated string)`,
  }
}
