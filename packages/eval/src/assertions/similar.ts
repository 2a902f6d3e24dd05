import type { AssertionSpec } from '@canon/core'
import type { AssertionContext, Verdict } from './types'
import { failed, quote, scored, skipped } from './types'

/** Default minimum cosine similarity of `similar`. */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.75

/**
 * Cosine similarity of two vectors; 0 when either is all zeros.
 * @example cosineSimilarity([1, 0], [1, 1]) // 0.7071
 */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) {
    throw new Error(`embedding sizes differ (${a.length} and ${b.length})`)
  }
  let dot = 0
  let normA = 0
  let normB = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    dot += x * y
    normA += x * x
    normB += y * y
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB)
}

/**
 * `similar`: cosine similarity of the output's embedding to the reference (`value`, else the
 * case's `expected`) is at least `threshold` (default 0.75, as promptfoo). With a list of references, the
 * closest one counts. The score is the similarity, clamped to 0..1.
 */
export async function similar(
  output: string,
  spec: AssertionSpec,
  ctx: AssertionContext,
): Promise<Verdict> {
  const reference = spec.value ?? ctx.case.expected
  if (reference === undefined) return skipped('case has no `expected` to compare with')
  const references = Array.isArray(reference) ? reference : [reference]
  if (references.length === 0 || !references.every((r) => typeof r === 'string')) {
    return failed('`similar` value must be a string or a list of strings')
  }
  const provider = ctx.embeddings
  if (!provider)
    return failed('`similar` needs an embeddings provider: set `evaluation.embeddings`')
  if (!provider.embed) return failed(`provider \`${provider.id}\` has no embeddings API`)
  const model = ctx.embeddingsModel ?? provider.defaultModel
  if (!model)
    return failed('`similar` needs an embeddings model: set `evaluation.embeddings.model`')
  const vectors = await provider.embed([output, ...(references as string[])], {
    model,
    signal: ctx.signal,
  })
  const [own, ...others] = vectors
  if (!own || others.length !== references.length) {
    return failed(
      `embeddings provider returned ${vectors.length} vectors for ${references.length + 1} texts`,
    )
  }
  let best = Number.NEGATIVE_INFINITY
  let bestIndex = 0
  others.forEach((vector, i) => {
    const similarity = cosineSimilarity(own, vector)
    if (similarity > best) {
      best = similarity
      bestIndex = i
    }
  })
  const threshold = spec.threshold ?? DEFAULT_SIMILARITY_THRESHOLD
  const to = references.length > 1 ? ` to ${quote(references[bestIndex], 40)}` : ''
  return scored(
    best >= threshold,
    `cosine similarity ${best.toFixed(3)}${to} (threshold ${threshold})`,
    Math.min(1, Math.max(0, best)),
  )
}
