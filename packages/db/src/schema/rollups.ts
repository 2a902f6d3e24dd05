import {
  bigint,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'

/** Rollup widths in seconds: per minute, per hour, per UTC day. */
export const ROLLUP_WIDTHS = [60, 3600, 86400] as const
export type RollupWidth = (typeof ROLLUP_WIDTHS)[number]

/**
 * Executions aggregated per (width, prompt, bucket, version, variant), at three widths, upserted
 * at ingest (`ON CONFLICT … DO UPDATE` adding counts). Metrics read only these rows: a range is
 * split into whole days, whole hours and the minutes at its edges.
 *
 * Latency is a histogram over fixed log-spaced buckets (8 per doubling, see
 * `verbs/telemetry/latency-histogram.ts`), stored trimmed: `latency_hist[k]` counts bucket
 * `latency_lo + k - 1`. Percentiles come from merged histograms, never from raw rows.
 * `variant` is `''` when executions had none (part of the key, so never null).
 */
export const executionRollups = pgTable(
  'execution_rollups',
  {
    widthSeconds: integer().notNull(),
    promptName: text().notNull(),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    promptVersion: integer().notNull(),
    variant: text().notNull().default(''),
    calls: bigint({ mode: 'number' }).notNull(),
    errors: bigint({ mode: 'number' }).notNull(),
    /** Calls from `canon serve --demo`. */
    simulatedCalls: bigint({ mode: 'number' }).notNull(),
    latencyLo: smallint().notNull(),
    latencyHist: integer().array().notNull(),
    latencySumMs: doublePrecision().notNull(),
    /** Calls that reported token usage, and their totals. */
    usageCalls: bigint({ mode: 'number' }).notNull(),
    inputTokens: bigint({ mode: 'number' }).notNull(),
    outputTokens: bigint({ mode: 'number' }).notNull(),
    /** Calls whose cost is known, the total and the sum of squares (for confidence intervals). */
    costCalls: bigint({ mode: 'number' }).notNull(),
    costUsd: doublePrecision().notNull(),
    costSqUsd: doublePrecision().notNull(),
    lastCallAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'execution_rollups_pkey',
      columns: [t.widthSeconds, t.promptName, t.bucketStart, t.promptVersion, t.variant],
    }),
    index('execution_rollups_width_bucket_idx').on(t.widthSeconds, t.bucketStart),
  ],
)

/**
 * Scores aggregated like {@link executionRollups}, per score name, in the bucket of the execution
 * they score (not of their arrival), so a version's quality lines up with its traffic.
 * `positives` counts values > 0 (feedback: 1 = positive, 0 = negative).
 */
export const scoreRollups = pgTable(
  'score_rollups',
  {
    widthSeconds: integer().notNull(),
    promptName: text().notNull(),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    promptVersion: integer().notNull(),
    variant: text().notNull().default(''),
    name: text().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
    sum: doublePrecision().notNull(),
    sumSq: doublePrecision().notNull(),
    positives: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'score_rollups_pkey',
      columns: [t.widthSeconds, t.promptName, t.bucketStart, t.promptVersion, t.variant, t.name],
    }),
    index('score_rollups_width_bucket_idx').on(t.widthSeconds, t.bucketStart),
  ],
)
