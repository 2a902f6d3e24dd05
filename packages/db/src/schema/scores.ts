import { sql } from 'drizzle-orm'
import { bigint, doublePrecision, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * Feedback and quality scores (`POST /v1/scores`, `canon.score(traceId, …)`). A score may arrive
 * before or after the span it scores: `execution_span_id` is set once it is linked to an
 * execution of its trace (and counted in `score_rollups`), and stays null while pending.
 */
export const scores = pgTable(
  'scores',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    traceId: uuid().notNull(),
    /** The span scored, when the client named one; otherwise the trace's first execution. */
    spanId: text(),
    name: text().notNull(),
    value: doublePrecision().notNull(),
    comment: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The execution (span of `trace_id`) this score was counted for; null while pending. */
    executionSpanId: text(),
  },
  (t) => [
    index('scores_trace_id_idx').on(t.traceId),
    // Ingest looks up pending scores of each batch's traces: a small index, usually empty.
    index('scores_pending_idx').on(t.traceId).where(sql`${t.executionSpanId} is null`),
  ],
)
