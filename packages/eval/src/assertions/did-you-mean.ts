import { distance } from 'fastest-levenshtein'

/**
 * The closest known word to a typo, if it is close enough to be a likely typo.
 * @example didYouMean('contians', ['contains', 'regex']) // 'contains'
 */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of known) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}

/** ` (did you mean \`x\`?)` or an empty string. */
export function didYouMeanSuffix(word: string, known: readonly string[]): string {
  const suggestion = didYouMean(word, known)
  return suggestion === undefined ? '' : ` (did you mean \`${suggestion}\`?)`
}
