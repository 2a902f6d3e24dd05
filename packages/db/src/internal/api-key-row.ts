import { CanonError } from '@canon/core'
import type { ApiKeyInfo } from '../records'
import { API_KEY_SCOPES, type ApiKeyScope, type apiKeys } from '../schema'
import { toIso, toIsoOrNull } from '../sql'
import { assertStorableText } from './validate'

export function toApiKeyInfo(row: typeof apiKeys.$inferSelect): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: toIso(row.createdAt),
    lastUsedAt: toIsoOrNull(row.lastUsedAt),
    revokedAt: toIsoOrNull(row.revokedAt),
  }
}

/** Checks a scope list: non-empty, known scopes only, duplicates dropped. */
export function validateScopes(scopes: unknown): ApiKeyScope[] {
  if (!Array.isArray(scopes) || scopes.length === 0) {
    throw new CanonError(
      'BAD_REQUEST',
      `scopes must be a non-empty list of ${API_KEY_SCOPES.join(', ')}`,
    )
  }
  const unknown = scopes.filter((s) => !(API_KEY_SCOPES as readonly unknown[]).includes(s))
  if (unknown.length > 0) {
    throw new CanonError(
      'BAD_REQUEST',
      `unknown scope${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => JSON.stringify(s)).join(', ')}: expected ${API_KEY_SCOPES.join(', ')}`,
    )
  }
  return [...new Set(scopes as ApiKeyScope[])]
}

export function validateKeyName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : ''
  if (!trimmed || trimmed.length > 200) {
    throw new CanonError('BAD_REQUEST', 'an API key needs a name of 1..200 characters')
  }
  assertStorableText(trimmed, 'name')
  return trimmed
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A key id must look like a uuid before it reaches Postgres (which would reject it with 22P02). */
export function isKeyId(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id)
}
