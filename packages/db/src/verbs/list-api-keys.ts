import { desc } from 'drizzle-orm'
import type { Database } from '../database'
import { toApiKeyInfo } from '../internal/api-key-row'
import type { ApiKeyInfo } from '../records'
import { apiKeys } from '../schema'

/**
 * Every API key, newest first, revoked ones included: prefixes and metadata, never hashes.
 *
 * @example
 * const keys = await listApiKeys(db)
 */
export async function listApiKeys(db: Database): Promise<ApiKeyInfo[]> {
  const rows = await db.drizzle.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))
  return rows.map(toApiKeyInfo)
}
