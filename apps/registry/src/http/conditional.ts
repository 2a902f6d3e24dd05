/**
 * `If-None-Match` against an entity tag, with the weak comparison RFC 9110 §13.1.2 asks for
 * (`W/"x"` matches `"x"`; `*` matches anything).
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false
  const wanted = stripWeak(etag)
  for (const candidate of header.split(',')) {
    const tag = candidate.trim()
    if (tag === '*' || stripWeak(tag) === wanted) return true
  }
  return false
}

function stripWeak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag
}
