import { sql } from 'drizzle-orm'
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

/**
 * One row per prompt name. `name_lower` makes names unique case-insensitively.
 *
 * `latest_version`, `description` and `tags` are a cache of the `latest` version (the highest
 * version that is not retired), maintained in the same transaction as every publish and status
 * change, so listing 10 000 prompts never has to look at their versions.
 */
export const prompts = pgTable(
  'prompts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    nameLower: text().notNull().generatedAlwaysAs(sql`lower(name)`),
    latestVersion: integer(),
    description: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('prompts_name_lower_key').on(t.nameLower),
    index('prompts_tags_idx').using('gin', t.tags),
  ],
)
