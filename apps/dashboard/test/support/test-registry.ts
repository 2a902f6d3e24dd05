import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { type ApiKeyScope, createApiKey, createDatabase, type Database } from '@canon/db'
import { createApp, silentLogger } from '@canon/registry'
import { serve } from '@hono/node-server'

/** A real registry on a free port over a fresh database, with keys to use. */
export interface TestRegistry {
  url: string
  db: Database
  /** Every scope. */
  adminKey: string
  /** Creates another key with these scopes. */
  createKey(name: string, scopes: ApiKeyScope[]): Promise<string>
  /** A JSON request with the admin key (or `key`). */
  request(method: string, path: string, body?: unknown, key?: string): Promise<Response>
  close(): Promise<void>
}

/**
 * The registry's `createApp` (every route, the dashboard build at `/`) over an in-memory
 * embedded database, served by @hono/node-server on 127.0.0.1 as `canon serve` does.
 * @example const registry = await startTestRegistry()
 */
export async function startTestRegistry(
  options: { dashboardDir?: string } = {},
): Promise<TestRegistry> {
  const db = await createDatabase({ memory: true, migrate: true })
  const { key: adminKey } = await createApiKey(db, {
    name: 'admin',
    scopes: ['admin'],
    actor: 'test',
  })
  const app = createApp({
    db,
    config: { bodyLimitBytes: 4 << 20 },
    logger: silentLogger,
    ...(options.dashboardDir !== undefined ? { dashboardDir: options.dashboardDir } : {}),
  })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await once(server, 'listening')
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const request = (method: string, path: string, body?: unknown, key = adminKey) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
  return {
    url,
    db,
    adminKey,
    request,
    async createKey(name, scopes) {
      return (await createApiKey(db, { name, scopes, actor: 'test' })).key
    },
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      await db.close()
    },
  }
}
