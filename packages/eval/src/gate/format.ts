/** Number formatting for gate reasons: points, percentages, p-values. */

const MINUS = '\u2212'

/** A fraction as signed points with one decimal: 0.02 → `+2.0`, −0.015 → `−1.5`. */
export function signedPoints(fraction: number): string {
  const points = Math.round(fraction * 1000) / 10
  if (points === 0) return '0.0'
  return `${points > 0 ? '+' : MINUS}${Math.abs(points).toFixed(1)}`
}

/** A margin as points without trailing zeros: 0.05 → `5`, 0.025 → `2.5`. */
export function points(fraction: number): string {
  return String(Math.round(fraction * 1000) / 10)
}

/** A fraction as a percentage with one decimal: 0.925 → `92.5%`. */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`
}

/** A p-value: `0.021`, `0.0034`, `< 0.001`. */
export function pValue(p: number): string {
  if (p < 0.001) return '< 0.001'
  return `= ${Number(p.toPrecision(2))}`
}

/** Case ids for a sentence: `` `a`, `b` and 3 more ``. */
export function idList(ids: readonly string[], max = 5): string {
  const shown = ids.slice(0, max).map((id) => `\`${id}\``)
  const rest = ids.length - shown.length
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ')
}

/** `1 case` / `3 cases`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
