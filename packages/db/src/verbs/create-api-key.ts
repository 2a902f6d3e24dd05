import type { Database } from '../database'
import { generateApiKey, hashApiKey, keyPrefix } from '../internal/api-key-crypto'
import { toApiKeyInfo, validateKeyName, validateScopes } from '../internal/api-key-row'
import { writeAudit } from '../internal/audit'
import type { ApiKeyInfo } from '../records'
import { type ApiKeyScope, apiKeys } from '../schema'

export interface CreateApiKeyInput {
  name: string
  scopes: ApiKeyScope[]
  /** Who creates it, for the audit log (default `system`). */
  actor?: string
}

/** The new key's record plus the raw key, which is shown this once and never stored. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string
}

/**
 * Creates an API key `canon_<32 base62>`; only its sha256 is stored. Audited as `apikey.create`.
 *
 * @example
 * const { id, key } = await createApiKey(db, { name: 'ci', scopes: ['read', 'publish'] })
 */
export async function createApiKey(db: Database, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const name = validateKeyName(input.name)
  const scopes = validateScopes(input.scopes)
  const key = generateApiKey()
  return db.drizzle.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name, scopes, prefix: keyPrefix(key), keyHash: hashApiKey(key) })
      .returning()
    await writeAudit(tx, {
      actor: input.actor?.trim() || 'system',
      action: 'apikey.create',
      details: { id: row!.id, name, scopes },
    })
    return { ...toApiKeyInfo(row!), key }
  })
}
