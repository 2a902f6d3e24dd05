import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type * as schema from './schema'

/** The drizzle schema object of Canon's database. */
export type Schema = typeof schema

/**
 * The drizzle instance, typed once for both drivers (postgres.js and PGlite).
 * Only `@canon/db` itself should need it; apps call the domain verbs.
 */
export type DrizzleDatabase = PgDatabase<PgQueryResultHKT, Schema>

/** Which driver a {@link Database} runs on. */
export type DatabaseKind = 'postgres' | 'pglite'

/** Where the database lives. `url` wins over `memory`, which wins over `dataDir`. */
export interface DatabaseConfig {
  /** A Postgres connection string (`DATABASE_URL`): use postgres.js against a real server. */
  url?: string
  /** Directory of an embedded PGlite database, e.g. `.canon/db`; created when missing. */
  dataDir?: string
  /** An in-memory PGlite database (tests). */
  memory?: boolean
  /** Pool size for postgres.js (default 10, at least 2: migrations hold one for the lock). */
  maxConnections?: number
  /** Folder of drizzle-kit SQL migrations; defaults to the repository's `migrations/`. */
  migrationsFolder?: string
  /** Apply pending migrations before returning (default false). */
  migrate?: boolean
}

/** Called with the payload of each notification on a channel. */
export type NotificationHandler = (payload: string) => void

/**
 * One interface over both drivers.
 *
 * @example
 * const db = await createDatabase({ url: process.env.DATABASE_URL, dataDir: '.canon/db' })
 * await db.migrate()
 * const stop = await db.listen(LABELS_CHANNEL, (payload) => cache.invalidate(JSON.parse(payload)))
 */
export interface Database {
  readonly kind: DatabaseKind
  /** The drizzle instance; verbs use it, apps should not need to. */
  readonly drizzle: DrizzleDatabase
  /**
   * Subscribes to a Postgres NOTIFY channel; resolves to an unsubscribe function. Notifications
   * sent while the listening connection is down are lost: `onReconnect` runs each time the
   * subscription is re-established after a dropped connection, so callers can resynchronize
   * (drop caches). The embedded database never reconnects.
   */
  listen(
    channel: string,
    onPayload: NotificationHandler,
    options?: { onReconnect?: () => void },
  ): Promise<() => Promise<void>>
  /** Sends a notification (delivered to every listener, in this process or another replica). */
  notify(channel: string, payload: string): Promise<void>
  /** True when the database answers a trivial query; never throws (readiness probes). */
  ping(): Promise<boolean>
  /**
   * Applies pending migrations under a Postgres advisory lock, so replicas starting together
   * migrate once and the others wait, then find nothing to do.
   */
  migrate(): Promise<void>
  /** True when every migration in the migrations folder has been applied. */
  migrationsApplied(): Promise<boolean>
  /** Closes connections (and listeners). */
  close(): Promise<void>
}
