import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { createDatabase } from './create-database'
import { describeDrivers, publishTestVersion } from './testing'
import { getVersion } from './verbs/get-version'

it('keeps an embedded database on disk across restarts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'canon-db-'))
  try {
    const dataDir = join(dir, '.canon', 'db')
    const first = await createDatabase({ dataDir, migrate: true })
    expect(first.kind).toBe('pglite')
    await publishTestVersion({ db: first, actor: 'test' }, 'durable', 1)
    await first.close()

    const second = await createDatabase({ dataDir, migrate: true })
    try {
      expect(await second.migrationsApplied()).toBe(true)
      expect((await getVersion(second, 'durable', 1)).publishedBy).toBe('test')
    } finally {
      await second.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

describeDrivers('Database', (t) => {
  it('answers readiness probes and names its driver', async () => {
    expect(await t.db.ping()).toBe(true)
    expect(await t.db.migrationsApplied()).toBe(true)
    expect(t.db.kind).toBe(t.kind)
  })

  it('delivers notify() to listeners until they unsubscribe', async () => {
    const got: string[] = []
    const stop = await t.db.listen('canon_test_channel', (p) => got.push(p))
    await t.db.notify('canon_test_channel', 'one')
    await expect.poll(() => got, { timeout: 1000 }).toEqual(['one'])
    await stop()
    await t.db.notify('canon_test_channel', 'two')
    await new Promise((r) => setTimeout(r, 100))
    expect(got).toEqual(['one'])
  })

  it('re-subscribes after the listening connection drops, and says so', async (ctx) => {
    if (!t.url) return ctx.skip() // the embedded database has no connection to lose
    const listener = await createDatabase({ url: t.url })
    const admin = await createDatabase({ url: t.url })
    try {
      let reconnects = 0
      const got: string[] = []
      await listener.listen('canon_test_reconnect', (p) => got.push(p), {
        onReconnect: () => {
          reconnects += 1
        },
      })
      expect(reconnects).toBe(0)
      // Kill the LISTEN connection from another session, as a failover or idle timeout would.
      await admin.drizzle.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`,
      )
      await expect.poll(() => reconnects, { timeout: 10_000, interval: 50 }).toBe(1)
      await admin.notify('canon_test_reconnect', 'after')
      await expect.poll(() => got, { timeout: 2000 }).toEqual(['after'])
    } finally {
      await listener.close()
      await admin.close()
    }
  })

  it('reports not ready once closed', async () => {
    const other = t.url
      ? await createDatabase({ url: t.url })
      : await createDatabase({ memory: true })
    await other.close()
    expect(await other.ping()).toBe(false)
  })
})
