import type { AddressInfo } from 'node:net'
import { createApiKey } from '@canon/db'
import { createTestDatabase, type TestDatabase } from '@canon/db/testing'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { silentLogger } from '../logger'
import { DEFAULT_OTLP_BODY_LIMIT } from '../routes/traces/post'
import { json, promptYaml } from '../testing/harness'

const LIMIT = 1 << 20
const MB = 1 << 20

/** Over a real socket with Node's own fetch: what an SDK or CI client sees. */
describe('request bodies over the limit, over HTTP', () => {
  let database: TestDatabase
  let server: ReturnType<typeof serve>
  let base = ''
  let key = ''
  beforeAll(async () => {
    database = await createTestDatabase('pglite')
    key = (await createApiKey(database.db, { name: 'admin', scopes: ['admin'] })).key
    const app = createApp({
      db: database.db,
      config: { bodyLimitBytes: LIMIT },
      logger: silentLogger,
    })
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }, 120_000)
  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()))
    await database.close()
  })

  const yamlOf = (bytes: number) =>
    `${promptYaml('Big.Body', 1)}description: "${'x'.repeat(bytes)}"\n`

  async function expectProblem(res: Response, status: number): Promise<void> {
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect((await json(res)).status).toBe(status)
  }

  it.each([2, 20])(
    'a %i MB publish gets a 413 problem every time, never a reset',
    async (mb) => {
      const body = yamlOf(mb * MB)
      for (let i = 0; i < 10; i += 1) {
        const res = await fetch(`${base}/v1/prompts/Big.Body/versions/1`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/yaml' },
          body,
        })
        await expectProblem(res, 413)
        expect((await fetch(`${base}/healthz`)).status).toBe(200)
      }
    },
    180_000,
  )

  it('a streamed (chunked) body over the limit gets a 413 too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    for (let i = 0; i < 3; i += 1) {
      let sent = 0
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 3 * MB) return controller.close()
          sent += chunk.length
          controller.enqueue(chunk)
        },
      })
      const res = await fetch(`${base}/v1/scores`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit)
      await expectProblem(res, 413)
    }
  }, 60_000)

  it('early answers to large bodies arrive too: 401 without a key, 413 past the OTLP limit', async () => {
    const big = new Uint8Array(2 * MB)
    for (let i = 0; i < 5; i += 1) {
      const res = await fetch(`${base}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: big,
      })
      await expectProblem(res, 401)
    }
    const over = new Uint8Array(DEFAULT_OTLP_BODY_LIMIT + MB)
    for (let i = 0; i < 3; i += 1) {
      const res = await fetch(`${base}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: over,
      })
      await expectProblem(res, 413)
    }
  }, 120_000)

  it('the server stays healthy: a normal publish still works on the same server', async () => {
    const res = await fetch(`${base}/v1/prompts/Big.Body/versions/1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/yaml' },
      body: promptYaml('Big.Body', 1),
    })
    expect(res.status).toBe(201)
  })
})
