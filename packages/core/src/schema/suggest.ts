/**
 * "Did you mean …?" for misspelled keys.
 * @module
 */

/** Optimal-string-alignment distance: Levenshtein plus swapped neighbours (`tempalte`). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i < rows; i += 1) {
    const row = d[i] as number[]
    const prev = d[i - 1] as number[]
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (d[i - 2]?.[j - 2] as number) + 1)
      }
      row[j] = best
    }
  }
  return d[a.length]?.[b.length] as number
}

/**
 * The closest candidate to a misspelled word, if one is close enough to be a likely typo.
 * @example suggest('templte', ['name', 'template']) // 'template'
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase()
  const limit = Math.max(2, Math.floor(w.length * 0.4))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const c of candidates) {
    const dist = editDistance(w, c.toLowerCase())
    if (dist < bestDistance) {
      best = c
      bestDistance = dist
    }
  }
  return bestDistance <= limit && bestDistance < w.length ? best : undefined
}
