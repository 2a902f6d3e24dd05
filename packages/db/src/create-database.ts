import { CanonError } from '@canon/core'
import type { Database, DatabaseConfig } from './database'
import { DEFAULT_MIGRATIONS_FOLDER } from './migrations'
import { openPglite } from './pglite-driver'
import { openPostgres } from './postgres-driver'

/**
 * Opens Canon's database: postgres.js when `url` is given, otherwise embedded PGlite
 * (on disk under `dataDir`, or in memory).
 *
 * @example
 * const db = await createDatabase({ url: env.DATABASE_URL, dataDir: '.canon/db', migrate: true })
 * const memory = await createDatabase({ memory: true, migrate: true }) // tests
 */
export async function createDatabase(config: DatabaseConfig): Promise<Database> {
  const migrationsFolder = config.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER
  let db: Database
  if (config.url) {
    db = await openPostgres({
      url: config.url,
      maxConnections: config.maxConnections ?? 10,
      migrationsFolder,
    })
  } else if (config.memory || config.dataDir) {
    db = await openPglite({ dataDir: config.memory ? undefined : config.dataDir, migrationsFolder })
  } else {
    throw new CanonError(
      'CONFIG_INVALID',
      'createDatabase needs a Postgres url (DATABASE_URL), a dataDir for the embedded database, or memory: true',
    )
  }
  if (config.migrate) {
    try {
      await db.migrate()
    } catch (err) {
      await db.close().catch(() => {})
      throw err
    }
  }
  return db
}
