/**
 * Test support: the real registry over an in-memory database, with the example prompts of
 * `prompts/` published and labelled, and a fetch that counts requests.
 * @module
 */
import { fileURLToPath } from 'node:url'
import type { PromptDefinition } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import { createApiKey, createDatabase, type Database } from '@canon/db'
import { createApp, type RegistryApp, silentLogger } from '@canon/registry'

export const PROMPTS_DIR = fileURLToPath(new URL('../../../prompts', import.meta.url))

/** The example prompts, parsed with the same loader as `canon validate`. */
export async function examplePrompts(): Promise<PromptDefinition[]> {
  const result = await validatePaths([PROMPTS_DIR])
  return result.files.flatMap((f) => (f.prompt ? [f.prompt] : []))
}

export interface InProcessRegistry {
  db: Database
  app: RegistryApp
  adminKey: string
  readKey: string
  /** `read` + `telemetry`: what an instrumented app holds. */
  appKey: string
  /** `app.request` as a `fetch`, counting requests by path. */
  fetch: typeof fetch
  requests: string[]
  publish(def: PromptDefinition): Promise<void>
  setLabel(name: string, label: string, version: number): Promise<void>
  setStatus(
    name: string,
    version: number,
    status: 'active' | 'deprecated' | 'retired',
  ): Promise<void>
  close(): Promise<void>
}

/** Starts the registry in process; publishes the example prompts; `production` → v1 of each. */
export async function startInProcessRegistry(): Promise<InProcessRegistry> {
  const db = await createDatabase({ memory: true, migrate: true })
  const app = createApp({ db, config: { bodyLimitBytes: 1 << 20 }, logger: silentLogger })
  const { key: adminKey } = await createApiKey(db, { name: 'admin', scopes: ['admin'] })
  const { key: readKey } = await createApiKey(db, { name: 'app', scopes: ['read'] })
  const { key: appKey } = await createApiKey(db, {
    name: 'app-telemetry',
    scopes: ['read', 'telemetry'],
  })
  const requests: string[] = []
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  }
  const registry: InProcessRegistry = {
    db,
    app,
    adminKey,
    readKey,
    appKey,
    requests,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
      requests.push(`${url.pathname}${url.search}`)
      return app.request(`${url.pathname}${url.search}`, init)
    }) as typeof fetch,
    publish: (def) =>
      call('PUT', `/v1/prompts/${def.name}/versions/${def.version}`, { definition: def }),
    setLabel: (name, label, version) =>
      call('PUT', `/v1/prompts/${name}/labels/${label}`, { version }),
    setStatus: (name, version, status) =>
      call('PATCH', `/v1/prompts/${name}/versions/${version}`, { status }),
    close: () => db.close(),
  }
  for (const def of await examplePrompts()) {
    await registry.publish(def)
    if (def.version === 1) await registry.setLabel(def.name, 'production', 1)
  }
  return registry
}

/** A clock tests move by hand. */
export function manualClock(start = 1_700_000_000_000) {
  let now = start
  return {
    now: () => now,
    advance(ms: number) {
      now += ms
    },
  }
}

/** Waits until `check` passes (background refreshes settle), or fails after `timeoutMs`. */
export async function eventually(
  check: () => void | Promise<void>,
  timeoutMs = 2_000,
): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    try {
      await check()
      return
    } catch (err) {
      if (Date.now() > until) throw err
      await new Promise((r) => setTimeout(r, 10))
    }
  }
}
