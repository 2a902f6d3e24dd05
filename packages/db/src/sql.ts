import type { SQL } from 'drizzle-orm'
import type { DrizzleDatabase } from './database'

/** A drizzle database or transaction: anything that can run a query. */
export type Queryable = Pick<DrizzleDatabase, 'execute'>

/**
 * Runs raw SQL and returns its rows on either driver (postgres.js returns an array,
 * PGlite an object with `rows`). Timestamps come back as Postgres text; see {@link toIso}.
 */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

/** A timestamp from either driver (Date or Postgres text) as an ISO 8601 string. */
export function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString()
}

/** Same as {@link toIso}, passing `null` through. */
export function toIsoOrNull(value: Date | string | null | undefined): string | null {
  return value == null ? null : toIso(value)
}
