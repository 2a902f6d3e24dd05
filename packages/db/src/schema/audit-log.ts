import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** What an audit row records. */
export const AUDIT_ACTIONS = [
  'version.publish',
  'version.status',
  'version.eval_summary',
  'label.move',
  'apikey.create',
  'apikey.revoke',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/**
 * Append-only history of every write. Rows are inserted in the same transaction as the change
 * they describe and never updated. `prompt` is the prompt's canonical name (not a foreign key,
 * so the log outlives anything it mentions).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actor: text().notNull(),
    action: text().$type<AuditAction>().notNull(),
    prompt: text(),
    label: text(),
    fromVersion: integer(),
    toVersion: integer(),
    details: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_log_prompt_label_idx').on(t.prompt, t.label, t.id),
    index('audit_log_at_idx').on(t.at),
  ],
)
