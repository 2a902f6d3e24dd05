import { and, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { Database } from '../database'
import { hashApiKey } from '../internal/api-key-crypto'
import type { VerifiedApiKey } from '../records'
import { apiKeys } from '../schema'

const TOUCH_INTERVAL_MS = 60_000

/**
 * The key's identity and scopes, or null when the key is unknown or revoked. Looks the key up
 * by hash and records `last_used_at`, at most once a minute per key (a write per request would
 * turn every read into a write).
 *
 * @example
 * const key = await verifyApiKey(db, bearerToken)
 * if (!key?.scopes.includes('read')) throw new CanonError('FORBIDDEN', 'this key cannot read')
 */
export async function verifyApiKey(db: Database, rawKey: string): Promise<VerifiedApiKey | null> {
  if (typeof rawKey !== 'string' || rawKey.length === 0 || rawKey.length > 512) return null
  const [row] = await db.drizzle
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(rawKey)), isNull(apiKeys.revokedAt)))
  if (!row) return null
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    // The guard in SQL keeps concurrent requests from all writing.
    await db.drizzle
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
        ),
      )
  }
  return { id: row.id, name: row.name, scopes: row.scopes }
}
