import { CanonError } from '@canon/core'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import type { Database, DrizzleDatabase } from './database'
import { MIGRATION_LOCK_NAME, migrationsApplied, readMigrations } from './migrations'
import * as schema from './schema'

interface PostgresOptions {
  url: string
  maxConnections: number
  migrationsFolder: string
}

/** A {@link Database} over postgres.js; fails fast with UNAVAILABLE when the server is down. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const client = postgres(options.url, {
    max: Math.max(2, options.maxConnections),
    connect_timeout: 10,
    // Server NOTICEs ("schema already exists, skipping") are not worth a log line.
    onnotice: () => {},
  })
  const db = drizzle({ client, schema, casing: 'snake_case' })
  try {
    await client`select 1`
  } catch (err) {
    await client.end({ timeout: 1 }).catch(() => {})
    throw new CanonError(
      'UNAVAILABLE',
      `cannot connect to Postgres at ${describeUrl(options.url)}: ${errorText(err)}`,
      { cause: err },
    )
  }
  const drizzleDb = db as unknown as DrizzleDatabase

  return {
    kind: 'postgres',
    drizzle: drizzleDb,
    async listen(channel, onPayload, options) {
      // postgres.js calls `onlisten` on the first subscribe and again after every reconnect.
      let subscribed = false
      const { unlisten } = await client.listen(channel, onPayload, () => {
        if (subscribed) options?.onReconnect?.()
        subscribed = true
      })
      return unlisten
    },
    async notify(channel, payload) {
      await client`select pg_notify(${channel}, ${payload})`
    },
    async ping() {
      try {
        await client`select 1`
        return true
      } catch {
        return false
      }
    },
    async migrate() {
      readMigrations(options.migrationsFolder) // a missing folder is CONFIG_INVALID, not a crash
      // The lock lives on one reserved connection for the whole run; drizzle's migrator uses
      // the pool (its transaction needs a connection of its own), which is why max >= 2.
      const lock = await client.reserve()
      try {
        await lock`select pg_advisory_lock(hashtext(${MIGRATION_LOCK_NAME}))`.catch((err) => {
          throw new CanonError('UNAVAILABLE', `cannot take the migration lock: ${errorText(err)}`, {
            cause: err,
          })
        })
        try {
          await migrate(db, { migrationsFolder: options.migrationsFolder })
        } finally {
          await lock`select pg_advisory_unlock(hashtext(${MIGRATION_LOCK_NAME}))`.catch(() => {})
        }
      } finally {
        lock.release()
      }
    },
    migrationsApplied: () => migrationsApplied(drizzleDb, options.migrationsFolder),
    async close() {
      await client.end({ timeout: 5 })
    },
  }
}

/** host:port/database of a connection string, without credentials. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return typeof code === 'string' && !err.message.includes(code)
      ? `${err.message} (${code})`
      : err.message
  }
  return String(err)
}
