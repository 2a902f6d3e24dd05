/**
 * A deterministic bag-of-words embedding for offline runs: each word is hashed into one of
 * `dimensions` buckets with a sign, and the vector is L2-normalized. Texts sharing words have a
 * high cosine similarity; it is no semantic model, but it makes `similar` assertions testable.
 * @example hashEmbedding('refund my card') // number[256], |v| = 1
 */
export function hashEmbedding(text: string, dimensions = 256): number[] {
  const vector = new Array<number>(dimensions).fill(0)
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const h = fnv1a(word)
    const index = h % dimensions
    vector[index] = (vector[index] ?? 0) + ((h >>> 31) & 1 ? -1 : 1)
  }
  const norm = Math.hypot(...vector)
  return norm === 0 ? vector : vector.map((x) => x / norm)
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}
