import { CanonError } from '@canon/core'
import { eq } from 'drizzle-orm'
import type { Database } from '../database'
import { hashApiKey, keyPrefix } from '../internal/api-key-crypto'
import { writeAudit } from '../internal/audit'
import { API_KEY_SCOPES, apiKeys } from '../schema'

export interface EnsureAdminKeyResult {
  id: string
  /** False when the key was already registered (a restart). */
  created: boolean
  /** True when an operator revoked it: a revoked key stays revoked, even if configured. */
  revoked: boolean
}

/**
 * Registers a given raw key (`CANON_ADMIN_KEY`) with every scope, idempotently: replicas
 * starting together register it once. CONFIG_INVALID for keys shorter than 16 characters.
 *
 * @example
 * if (config.adminKey) await ensureAdminKey(db, config.adminKey)
 */
export async function ensureAdminKey(
  db: Database,
  rawKey: string,
  options: { name?: string } = {},
): Promise<EnsureAdminKeyResult> {
  if (typeof rawKey !== 'string' || rawKey.trim().length < 16 || rawKey.length > 512) {
    throw new CanonError(
      'CONFIG_INVALID',
      'the admin key (CANON_ADMIN_KEY) must be 16..512 characters',
    )
  }
  const keyHash = hashApiKey(rawKey)
  const name = options.name ?? 'admin (CANON_ADMIN_KEY)'
  return db.drizzle.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(apiKeys)
      .values({ name, prefix: keyPrefix(rawKey), keyHash, scopes: [...API_KEY_SCOPES] })
      .onConflictDoNothing({ target: apiKeys.keyHash })
      .returning({ id: apiKeys.id })
    if (inserted) {
      await writeAudit(tx, {
        actor: 'system',
        action: 'apikey.create',
        details: { id: inserted.id, name, scopes: API_KEY_SCOPES },
      })
      return { id: inserted.id, created: true, revoked: false }
    }
    const [existing] = await tx
      .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, keyHash))
    return { id: existing!.id, created: false, revoked: existing!.revokedAt !== null }
  })
}
