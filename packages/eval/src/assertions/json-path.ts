/**
 * A small JSONPath subset for `json-path` assertions: `$`, `.name`, `['name']`, `[0]`, `[-1]`.
 * Wildcards, filters and recursive descent are refused with a clear message: an assertion
 * compares one value, so a path must name one place.
 * @module
 */

export type JsonPathSegment = string | number

const IDENTIFIER = /^[A-Za-z_$][\w$-]*/

/**
 * Parses a path into property names and array indexes.
 * @example parseJsonPath("$.items[0]['display name']") // ['items', 0, 'display name']
 * @throws Error with a message naming the offending position
 */
export function parseJsonPath(path: string): JsonPathSegment[] {
  if (!path.startsWith('$')) throw new Error(`JSON path \`${path}\` must start with \`$\``)
  const segments: JsonPathSegment[] = []
  let i = 1
  while (i < path.length) {
    const rest = path.slice(i)
    if (
      rest.startsWith('..') ||
      rest.startsWith('.*') ||
      rest.startsWith('[*') ||
      rest.startsWith('[?')
    ) {
      throw new Error(
        `JSON path \`${path}\`: wildcards, filters and \`..\` are not supported (at column ${i + 1}); name one value, e.g. \`$.items[0].name\``,
      )
    }
    if (rest.startsWith('.')) {
      const name = IDENTIFIER.exec(rest.slice(1))
      if (!name)
        throw new Error(`JSON path \`${path}\`: expected a property name at column ${i + 2}`)
      segments.push(name[0])
      i += 1 + name[0].length
      continue
    }
    const index = /^\[(-?\d+)\]/.exec(rest)
    if (index) {
      segments.push(Number(index[1]))
      i += index[0].length
      continue
    }
    const quoted = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest)
    if (quoted) {
      const raw = quoted[1] ?? quoted[2] ?? ''
      segments.push(raw.replace(/\\(.)/g, '$1'))
      i += quoted[0].length
      continue
    }
    throw new Error(`JSON path \`${path}\`: unexpected \`${rest[0]}\` at column ${i + 1}`)
  }
  return segments
}

/** Where a path leads in a value: `found: false` when a step is missing. */
export type JsonPathResult = { found: true; value: unknown } | { found: false }

/**
 * Follows a parsed path. Negative indexes count from the end of an array.
 * @example getJsonPath({ a: [1, 2] }, parseJsonPath('$.a[-1]')) // { found: true, value: 2 }
 */
export function getJsonPath(root: unknown, segments: readonly JsonPathSegment[]): JsonPathResult {
  let current: unknown = root
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return { found: false }
      const index = segment < 0 ? current.length + segment : segment
      if (index < 0 || index >= current.length) return { found: false }
      current = current[index]
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) {
        return { found: false }
      }
      if (!Object.hasOwn(current, segment)) return { found: false }
      current = (current as Record<string, unknown>)[segment]
    }
  }
  return { found: true, value: current }
}
