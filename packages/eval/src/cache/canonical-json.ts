/**
 * JSON with sorted object keys and `undefined`/`null` members dropped, so that two requests that
 * mean the same thing serialize to the same bytes (`{a:1,b:2}` ≡ `{b:2,a:1}`, `stop: null` ≡ absent).
 * @example canonicalJson({ b: 1, a: [2, null] }) // '{"a":[2,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value))
}

function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonicalize(v)))
  if (typeof value === 'object' && value !== null) {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return canonicalize((value as { toJSON: () => unknown }).toJSON())
    }
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined && v !== null) out[key] = canonicalize(v)
    }
    return out
  }
  if (typeof value === 'number' && Object.is(value, -0)) return 0
  return value
}
