import {
  boolean,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'

/**
 * One row per span that carried prompt identity (OTLP ingest, SPEC §6). Keyed by the span's
 * ids, so an exporter retrying a batch never counts a span twice. Prompts are referenced by
 * name and version, not by foreign key: spans may name a prompt this registry has not seen
 * (another environment's registry, a snapshot fallback), and telemetry must never be refused for
 * that.
 *
 * Dashboards never read this table: every metric comes from `execution_rollups` and
 * `score_rollups`, maintained in the same transaction as each insert. Retention (dropping old
 * rows) is not implemented yet.
 */
export const executions = pgTable(
  'executions',
  {
    /** The 16-byte trace id (hex on the wire); uuid is Postgres's 16-byte type. */
    traceId: uuid().notNull(),
    /** The 8-byte span id as 16 lower-case hex digits. */
    spanId: text().notNull(),
    promptName: text().notNull(),
    promptVersion: integer().notNull(),
    /** `canon.prompt.variant`: the A/B arm, null outside experiments. */
    variant: text(),
    label: text(),
    digest: text(),
    /** `canon.prompt.fallback`: which source served the prompt (`fresh`, `cache`, `stale`, `snapshot`). */
    fallback: text(),
    model: text(),
    provider: text(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    latencyMs: doublePrecision().notNull(),
    inputTokens: integer(),
    outputTokens: integer(),
    /** `canon.cost.usd`, else the price table's estimate; null when neither is known. */
    costUsd: doublePrecision(),
    isError: boolean().notNull().default(false),
    errorType: text(),
    /** From `canon serve --demo` (`canon.simulated = true`). */
    simulated: boolean().notNull().default(false),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'executions_pkey', columns: [t.traceId, t.spanId] })],
)
