import type { PromptDefinition } from '@canon/core'
import { sql } from 'drizzle-orm'
import {
  check,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core'
import { prompts } from './prompts'

/** Lifecycle of a version: deprecated is still served (with a warning), retired is gone. */
export const versionStatus = pgEnum('version_status', ['active', 'deprecated', 'retired'])

/**
 * Published versions. Immutable: only `status`, `status_changed_at` and `eval_summary` ever
 * change after the insert. `definition` is the full normalized definition (with `evaluation`);
 * `digest` is the sha256 of the definition without `evaluation`, computed by `@canon/core`.
 */
export const promptVersions = pgTable(
  'prompt_versions',
  {
    /** Surrogate key for telemetry tables to reference a version compactly. */
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    promptId: integer()
      .notNull()
      .references(() => prompts.id),
    version: integer().notNull(),
    definition: jsonb().$type<PromptDefinition>().notNull(),
    digest: text().notNull(),
    sourceCommit: text(),
    sourcePath: text(),
    publishedBy: text().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    evalSummary: jsonb().$type<Record<string, unknown>>(),
    status: versionStatus().notNull().default('active'),
    statusChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('prompt_versions_prompt_id_version_key').on(t.promptId, t.version),
    check('prompt_versions_version_check', sql`${t.version} >= 1`),
  ],
)
