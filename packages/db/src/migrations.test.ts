import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createDatabase } from './create-database'
import { DEFAULT_MIGRATIONS_FOLDER, readMigrations } from './migrations'
import { queryRows } from './sql'
import { describeDrivers, publishTestVersion, rejectionOf } from './testing'

const migrationCount = readMigrations(DEFAULT_MIGRATIONS_FOLDER).length

describeDrivers(
  'migrations',
  (t) => {
    it('reports pending migrations, applies them, and reports them applied', async () => {
      expect(await t.db.migrationsApplied()).toBe(false)
      await t.db.migrate()
      expect(await t.db.migrationsApplied()).toBe(true)
      await t.db.migrate()
      expect(await appliedCount(t.db)).toBe(migrationCount)
    })

    it('applies once when two replicas migrate a fresh database at the same time', async () => {
      // A second fresh database, opened by two independent clients (two replicas).
      const [a, b] =
        t.kind === 'postgres'
          ? await Promise.all([createDatabase({ url: t.url! }), createDatabase({ url: t.url! })])
          : [t.db, t.db]
      try {
        await a.drizzle.execute(sql`drop schema if exists drizzle cascade`)
        await a.drizzle.execute(sql`drop schema public cascade`)
        await a.drizzle.execute(sql`create schema public`)
        const results = await Promise.allSettled([a.migrate(), b.migrate()])
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
        expect(await appliedCount(a)).toBe(migrationCount)
        const tables = await queryRows<{ n: number }>(
          a.drizzle,
          sql`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'prompt_versions'`,
        )
        expect(tables[0]?.n).toBe(1)
        expect(await b.migrationsApplied()).toBe(true)
      } finally {
        if (a !== t.db) await a.close()
        if (b !== t.db) await b.close()
      }
    })

    it('keeps published versions immutable and the audit log append-only, for any client', async () => {
      await publishTestVersion(t.ctx(), 'frozen', 1)
      const edit = await rejectionOf(
        t.db.drizzle.execute(sql`update prompt_versions set digest = 'x' where version = 1`),
      )
      expect(causeOf(edit)).toContain('prompt versions are immutable')
      const remove = await rejectionOf(t.db.drizzle.execute(sql`delete from prompt_versions`))
      expect(causeOf(remove)).toContain('never deleted')
      const rewrite = await rejectionOf(
        t.db.drizzle.execute(sql`update audit_log set actor = 'mallory'`),
      )
      expect(causeOf(rewrite)).toContain('append-only')
      await t.db.drizzle.execute(
        sql`update prompt_versions set status = 'deprecated' where version = 1`,
      )
    })
  },
  { migrate: false },
)

describe('createDatabase', () => {
  it('needs a url, a dataDir or memory', async () => {
    const err = await rejectionOf(createDatabase({}))
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' })
  })

  it('fails fast and clearly when Postgres is unreachable, without leaking the password', async () => {
    const err = await rejectionOf(
      createDatabase({ url: 'postgres://canon:s3cret@127.0.0.1:1/canon' }),
    )
    expect(err).toMatchObject({ code: 'UNAVAILABLE' })
    expect((err as Error).message).toContain('cannot connect to Postgres at 127.0.0.1:1/canon')
    expect((err as Error).message).not.toContain('s3cret')
  })

  it('says which migrations folder is unreadable', async () => {
    const err = await rejectionOf(
      createDatabase({ memory: true, migrate: true, migrationsFolder: '/nonexistent/migrations' }),
    )
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' })
    expect((err as Error).message).toContain('/nonexistent/migrations')
  })
})

async function appliedCount(db: Awaited<ReturnType<typeof createDatabase>>): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db.drizzle,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  )
  return rows[0]?.n ?? 0
}

/** drizzle wraps driver errors ("Failed query: …"); the database's message is the cause. */
function causeOf(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause
  return cause instanceof Error ? cause.message : String(err)
}
