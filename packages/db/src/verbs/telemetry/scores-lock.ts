import { sql } from 'drizzle-orm'
import type { Transaction } from '../../internal/transaction'

/**
 * Linking scores to executions without a race: ingest holds this advisory lock shared (ingests
 * never wait for each other), recording scores holds it exclusive. A score therefore either
 * sees every committed execution of its trace, or is committed (pending) before the ingest that
 * brings its execution reads pending scores. Without it, a score and its span arriving together
 * could both miss each other and the score would stay pending forever.
 */
const LOCK_NAME = 'canon:telemetry-scores'

export async function lockForIngest(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtext(${LOCK_NAME}))`)
}

export async function lockForScores(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${LOCK_NAME}))`)
}
