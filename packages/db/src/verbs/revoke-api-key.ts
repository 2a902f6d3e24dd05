import { CanonError } from '@canon/core'
import { eq, sql } from 'drizzle-orm'
import type { Database } from '../database'
import { isKeyId, toApiKeyInfo } from '../internal/api-key-row'
import { writeAudit } from '../internal/audit'
import { notifyKeyRevoked } from '../internal/notify'
import type { ApiKeyInfo } from '../records'
import { apiKeys } from '../schema'

/**
 * Revokes a key by id: `verifyApiKey` rejects it from then on. Idempotent (revoking twice keeps
 * the first revocation time). NOT_FOUND for an unknown id. Audited as `apikey.revoke`.
 *
 * @example
 * await revokeApiKey(db, { id, actor: 'alice' })
 */
export async function revokeApiKey(
  db: Database,
  input: { id: string; actor?: string },
): Promise<ApiKeyInfo> {
  if (!isKeyId(input.id)) throw notFound(input.id)
  return db.drizzle.transaction(async (tx) => {
    const [current] = await tx.select().from(apiKeys).where(eq(apiKeys.id, input.id)).for('update')
    if (!current) throw notFound(input.id)
    if (current.revokedAt) return toApiKeyInfo(current)
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(eq(apiKeys.id, input.id))
      .returning()
    await writeAudit(tx, {
      actor: input.actor?.trim() || 'system',
      action: 'apikey.revoke',
      details: { id: input.id, name: current.name },
    })
    // Replicas remember verified keys for a while; this makes them forget at commit.
    await notifyKeyRevoked(tx, input.id)
    return toApiKeyInfo(row!)
  })
}

function notFound(id: unknown): CanonError {
  return new CanonError('NOT_FOUND', `API key ${JSON.stringify(id)} not found`)
}
