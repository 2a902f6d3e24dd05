/**
 * Feedback for a backfilled chunk in one request: `POST /v1/scores` with `{ scores: [...] }`.
 * A real app sends feedback one at a time as users click (`canon.score`); the demo's history
 * arrives a thousand at a time, and one transaction per batch keeps the backfill to seconds.
 * @module
 */
import { CanonError } from '@canon/core'
import type { Score } from '@canon/sdk'

/** The registry takes at most this many scores per request. */
const MAX_PER_REQUEST = 1000

/** A score and the trace it belongs to. */
export interface TraceScore {
  traceId: string
  score: Score
}

/**
 * Sends `scores` in requests of up to 1 000; resolves to how many the registry accepted.
 * @example await postScores(registry.url, key, [{ traceId, score: { name: 'user_approval', value: 1 } }])
 */
export async function postScores(
  registryUrl: string,
  apiKey: string,
  scores: readonly TraceScore[],
): Promise<number> {
  let accepted = 0
  for (let i = 0; i < scores.length; i += MAX_PER_REQUEST) {
    const batch = scores.slice(i, i + MAX_PER_REQUEST).map(({ traceId, score }) => ({
      traceId,
      name: score.name,
      value: score.value,
      ...(score.comment !== undefined ? { comment: score.comment } : {}),
    }))
    const res = await fetch(`${registryUrl}/v1/scores`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ scores: batch }),
    })
    if (!res.ok) {
      const detail = await res.text().catch(() => '')
      throw new CanonError(
        'UNAVAILABLE',
        `POST /v1/scores answered ${res.status}: ${detail.slice(0, 200)}`,
      )
    }
    accepted += ((await res.json()) as { accepted?: number }).accepted ?? batch.length
  }
  return accepted
}
