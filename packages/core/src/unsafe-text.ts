/**
 * Text that cannot be stored: a NUL character (U+0000), which Postgres refuses in `text` and
 * `jsonb`, and a lone UTF-16 surrogate, which is not Unicode (UTF-8 cannot encode it and `jsonb`
 * refuses it). One rule for the loader, the registry's request checks, OTLP ingest and the
 * database verbs, so bad text is reported where it entered instead of failing at the database.
 * @module
 */

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Where a string goes wrong: the UTF-16 offset and why. */
export interface UnsafeChar {
  /** 0-based offset in UTF-16 code units. */
  offset: number
  /** e.g. `contains a NUL character (U+0000) at offset 3`. */
  reason: string
}

/**
 * The first character of `text` that cannot be stored, or undefined.
 * @example unsafeChar('a\u0000b') // { offset: 1, reason: 'contains a NUL character (U+0000) at offset 1' }
 */
export function unsafeChar(text: string): UnsafeChar | undefined {
  const match = UNSAFE.exec(text)
  if (!match) return undefined
  const offset = match.index
  const code = text.charCodeAt(offset)
  const hex = code.toString(16).toUpperCase().padStart(4, '0')
  const reason =
    code === 0
      ? `contains a NUL character (U+0000) at offset ${offset}`
      : `contains a lone surrogate (U+${hex}) at offset ${offset}, which is not valid Unicode`
  return { offset, reason }
}

/** An unsafe string inside a value: its path, whether it is a key or a value, and why. */
export interface UnsafeText extends UnsafeChar {
  path: (string | number)[]
  at: 'key' | 'value'
}

/**
 * Unsafe strings (object keys and string values) in a JSON-like value, in document order, at
 * most `limit` of them. Walks with an explicit stack, so deeply nested input cannot overflow the
 * call stack.
 * @example unsafeTextIn({ tags: ['ok', 'x\u0000'] }) // [{ path: ['tags', 1], at: 'value', offset: 1, … }]
 */
export function unsafeTextIn(value: unknown, limit = Number.POSITIVE_INFINITY): UnsafeText[] {
  const found: UnsafeText[] = []
  // Entries point at their parent instead of copying paths: deep nesting stays linear.
  const stack: Entry[] = [{ value, parent: undefined, segment: undefined }]
  while (stack.length > 0 && found.length < limit) {
    const entry = stack.pop() as Entry
    const { value: current, segment } = entry
    if (typeof segment === 'string') {
      const bad = unsafeChar(segment)
      if (bad) found.push({ ...bad, path: pathOf(entry), at: 'key' })
    }
    if (typeof current === 'string') {
      const bad = unsafeChar(current)
      if (bad && found.length < limit) found.push({ ...bad, path: pathOf(entry), at: 'value' })
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) {
        stack.push({ value: current[i], parent: entry, segment: i })
      }
    } else if (typeof current === 'object' && current !== null && !ArrayBuffer.isView(current)) {
      const keys = Object.keys(current)
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i] as string
        stack.push({
          value: (current as Record<string, unknown>)[key],
          parent: entry,
          segment: key,
        })
      }
    }
  }
  return found
}

interface Entry {
  value: unknown
  parent: Entry | undefined
  segment: string | number | undefined
}

function pathOf(entry: Entry): (string | number)[] {
  const path: (string | number)[] = []
  for (let e: Entry | undefined = entry; e?.segment !== undefined; e = e.parent) {
    path.push(e.segment)
  }
  return path.reverse()
}

/**
 * The first unsafe string in a JSON-like value (see {@link unsafeTextIn}), or undefined.
 * @example findUnsafeText({ name: 'a\uD800' })?.reason // 'contains a lone surrogate (U+D800) at offset 1, …'
 */
export function findUnsafeText(value: unknown): UnsafeText | undefined {
  return unsafeTextIn(value, 1)[0]
}

/**
 * A readable location: `prefix.a.0.b`, with keys that are not plain identifiers quoted as JSON
 * (a key that itself holds the bad character is shown escaped).
 * @example describeTextPath('body', ['inputs', 'a b', 0]) // 'body.inputs["a b"].0'
 */
export function describeTextPath(prefix: string, path: readonly (string | number)[]): string {
  let out = prefix
  for (const segment of path) {
    if (typeof segment === 'number' || /^[A-Za-z0-9_-]+$/.test(segment)) {
      out += out === '' ? String(segment) : `.${segment}`
    } else {
      out += `[${JSON.stringify(segment)}]`
    }
  }
  return out
}
