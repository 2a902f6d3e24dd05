import { mkdir } from 'node:fs/promises'
import { CanonError } from '@canon/core'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import type { Database, DrizzleDatabase } from './database'
import { migrationsApplied, readMigrations } from './migrations'
import * as schema from './schema'

interface PgliteOptions {
  /** Undefined for an in-memory database. */
  dataDir: string | undefined
  migrationsFolder: string
}

/**
 * A {@link Database} over embedded PGlite. PGlite is one connection in this process, so
 * transactions run one at a time and LISTEN/NOTIFY reaches listeners in this process only.
 */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  let client: PGlite
  try {
    if (options.dataDir) await mkdir(options.dataDir, { recursive: true })
    client = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {})
  } catch (err) {
    const where = options.dataDir ?? 'memory'
    throw new CanonError(
      'UNAVAILABLE',
      `cannot open the embedded database (${where}): ${String(err)}`,
      {
        cause: err,
      },
    )
  }
  const db = drizzle({ client, schema, casing: 'snake_case' })
  const drizzleDb = db as unknown as DrizzleDatabase
  // One migration at a time within this process; PGlite data directories are single-process.
  let migrating: Promise<void> = Promise.resolve()

  return {
    kind: 'pglite',
    drizzle: drizzleDb,
    async listen(channel, onPayload) {
      const unsubscribe = await client.listen(channel, onPayload)
      return () => unsubscribe()
    },
    async notify(channel, payload) {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`)
    },
    async ping() {
      try {
        await client.query('select 1')
        return true
      } catch {
        return false
      }
    },
    migrate() {
      const run = migrating.then(() => {
        readMigrations(options.migrationsFolder) // a missing folder is CONFIG_INVALID, not a crash
        return migrate(db, { migrationsFolder: options.migrationsFolder })
      })
      migrating = run.catch(() => {})
      return run
    },
    migrationsApplied: () => migrationsApplied(drizzleDb, options.migrationsFolder),
    async close() {
      if (!client.closed) await client.close()
    },
  }
}
