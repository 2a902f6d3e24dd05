import { createDatabase, type Database } from '@canon/db'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RegistryApp } from '../routes/deps'
import { describeRegistry, json, publish } from '../testing/harness'

/** Polls `check` until it passes or `ms` elapse; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now()
  for (;;) {
    if (await check()) return Date.now() - start
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describeRegistry('cache invalidation across replicas', (r) => {
  // Replica B: on Postgres its own connection pool to the same database; on PGlite the one
  // embedded database (a single process by nature), with its own app and caches.
  let otherDb: Database | undefined
  let b: RegistryApp
  beforeAll(async () => {
    if (r.url) otherDb = await createDatabase({ url: r.url })
    b = r.newApp(otherDb ?? r.db)
  })
  afterAll(async () => {
    await otherDb?.close()
  })

  const readB = async (path: string) =>
    b.request(path, { headers: { authorization: `Bearer ${r.keys.read}` } })

  it('sees a label moved on the other replica within one second', async () => {
    await publish(r, 'Inv.Label', 1)
    await publish(r, 'Inv.Label', 2)
    await r.request('PUT', '/v1/prompts/Inv.Label/labels/production', { body: { version: 1 } })
    // Warm B's cache, and give its LISTEN a moment to be up.
    await within(
      1000,
      async () =>
        (await json(await readB('/v1/prompts/Inv.Label/labels/production'))).version === 1,
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await json(await readB('/v1/prompts/Inv.Label/labels/production'))).version).toBe(1)

    await r.request('PUT', '/v1/prompts/Inv.Label/labels/production', { body: { version: 2 } })
    await within(
      1000,
      async () =>
        (await json(await readB('/v1/prompts/Inv.Label/labels/production'))).version === 2,
    )
  })

  it('sees a publish (latest) and a status change made on the other replica', async () => {
    await publish(r, 'Inv.Latest', 1)
    expect((await json(await readB('/v1/prompts/Inv.Latest/labels/latest'))).version).toBe(1)
    expect((await readB('/v1/prompts/Inv.Latest/versions/1')).headers.get('deprecation')).toBeNull()

    await publish(r, 'Inv.Latest', 2)
    await within(
      1000,
      async () => (await json(await readB('/v1/prompts/Inv.Latest/labels/latest'))).version === 2,
    )

    await r.request('PATCH', '/v1/prompts/Inv.Latest/versions/1', {
      as: 'label',
      body: { status: 'retired' },
    })
    await within(
      1000,
      async () => (await readB('/v1/prompts/Inv.Latest/versions/1')).status === 410,
    )
  })
})

describeRegistry('cache invalidation after a lost LISTEN connection', (r) => {
  /**
   * The real database behind a LISTEN that can "drop": while down, notifications are lost (as
   * they are when Postgres closes the listening connection); coming back up runs the driver's
   * `onReconnect`, as postgres.js does on its re-subscribe.
   */
  function flakyListen(db: Database) {
    let down = false
    const reconnects: Array<() => void> = []
    const wrapped: Database = Object.create(db, {
      listen: {
        value: (
          channel: string,
          onPayload: (p: string) => void,
          options?: { onReconnect?: () => void },
        ) => {
          if (options?.onReconnect) reconnects.push(options.onReconnect)
          return db.listen(channel, (p) => {
            if (!down) onPayload(p)
          })
        },
      },
    })
    return {
      db: wrapped,
      drop: () => {
        down = true
      },
      reconnect: () => {
        down = false
        for (const fn of reconnects) fn()
      },
    }
  }

  it('drops everything cached once the connection is back, so missed moves are seen', async () => {
    const flaky = flakyListen(r.db)
    const b = r.newApp(flaky.db)
    const readB = async () =>
      json(
        await b.request('/v1/prompts/Inv.Lost/labels/production', {
          headers: { authorization: `Bearer ${r.keys.read}` },
        }),
      )
    await publish(r, 'Inv.Lost', 1)
    await publish(r, 'Inv.Lost', 2)
    await r.request('PUT', '/v1/prompts/Inv.Lost/labels/production', { body: { version: 1 } })
    await within(1000, async () => (await readB()).version === 1)

    flaky.drop()
    await r.request('PUT', '/v1/prompts/Inv.Lost/labels/production', { body: { version: 2 } })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await readB()).version).toBe(1) // the move's notification was lost with the connection

    flaky.reconnect()
    expect((await readB()).version).toBe(2)
  })
})
