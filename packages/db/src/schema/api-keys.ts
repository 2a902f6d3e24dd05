import { sql } from 'drizzle-orm'
import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

/** Scopes an API key can carry (SPEC §4). `admin` implies every other scope. */
export const API_KEY_SCOPES = ['read', 'publish', 'label', 'telemetry', 'admin'] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]

/**
 * API keys, stored as sha256 hashes only: the raw key is shown once at creation.
 * `prefix` is the key's first characters, enough to recognise it in a list.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    prefix: text().notNull(),
    keyHash: text().notNull(),
    scopes: text().array().$type<ApiKeyScope[]>().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_key_hash_key').on(t.keyHash)],
)
