/**
 * Test support: a registry app over a fresh database, once per driver (PGlite and the real
 * Postgres, through `@canon/db/testing`), with one API key per scope.
 * @module
 */
import { type ApiKeyScope, createApiKey, type Database } from '@canon/db'
import { type DriverSuite, describeDrivers } from '@canon/db/testing'
import type { Flags } from '@canon/sdk/flags'
import { beforeAll } from 'vitest'
import { createApp } from '../app'
import { silentLogger } from '../logger'
import type { RegistryApp } from '../routes/deps'

export const ALL_SCOPES = ['read', 'publish', 'label', 'telemetry', 'admin'] as const

export interface RequestOptions {
  /** A scope name to use that scope's key, a raw Authorization value, or null for none. */
  as?: ApiKeyScope | null
  authorization?: string
  body?: unknown
  contentType?: string
  headers?: Record<string, string>
}

/** What a registry suite's tests use. */
export interface RegistryHarness {
  readonly kind: DriverSuite['kind']
  readonly db: Database
  readonly url: string | undefined
  readonly app: RegistryApp
  /** One raw key per scope. */
  readonly keys: Record<ApiKeyScope, string>
  /** `app.request` with a key (admin by default) and a JSON or text body. */
  request(method: string, path: string, options?: RequestOptions): Promise<Response>
  /** Builds another app over the same database (its own caches). */
  newApp(db?: Database): RegistryApp
}

/**
 * Declares `fn` once per driver with a ready registry. Prompts are shared within a suite, so
 * tests use their own prompt names.
 */
export function describeRegistry(
  name: string,
  fn: (r: RegistryHarness) => void,
  options: { bodyLimitBytes?: number; flags?: Flags } = {},
): void {
  describeDrivers(name, (suite) => {
    let app: RegistryApp | undefined
    let keys: Record<ApiKeyScope, string> | undefined
    const newApp = (db: Database = suite.db) =>
      createApp({
        db,
        config: { bodyLimitBytes: options.bodyLimitBytes ?? 1 << 20 },
        logger: silentLogger,
        ...(options.flags ? { flags: options.flags } : {}),
      })
    beforeAll(async () => {
      const created = await Promise.all(
        ALL_SCOPES.map(async (scope) => {
          const { key } = await createApiKey(suite.db, { name: `${scope}-key`, scopes: [scope] })
          return [scope, key] as const
        }),
      )
      keys = Object.fromEntries(created) as Record<ApiKeyScope, string>
      app = newApp()
    })
    const harness: RegistryHarness = {
      get kind() {
        return suite.kind
      },
      get db() {
        return suite.db
      },
      get url() {
        return suite.url
      },
      get app() {
        if (!app) throw new Error('the registry app is not ready (used outside a test?)')
        return app
      },
      get keys() {
        if (!keys) throw new Error('keys are not ready (used outside a test?)')
        return keys
      },
      request(method, path, opts = {}) {
        const headers: Record<string, string> = { ...opts.headers }
        const as = opts.as === undefined ? 'admin' : opts.as
        if (opts.authorization !== undefined) headers.authorization = opts.authorization
        else if (as !== null) headers.authorization = `Bearer ${harness.keys[as]}`
        let body: string | undefined
        if (opts.body !== undefined) {
          body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
          headers['content-type'] = opts.contentType ?? 'application/json'
        } else if (opts.contentType) {
          headers['content-type'] = opts.contentType
        }
        return Promise.resolve(harness.app.request(path, { method, headers, body }))
      },
      newApp,
    }
    fn(harness)
  })
}

/** A minimal valid prompt file. */
export function promptYaml(name: string, version: number, template = 'Hello {{ who }}'): string {
  return `name: ${name}\nversion: ${version}\ninput_variables: [who]\ntemplate: ${JSON.stringify(template)}\n`
}

/** A minimal valid definition object (the JSON form). */
export function promptJson(name: string, version: number, template = 'Hello {{ who }}') {
  return {
    name,
    version,
    inputs: { who: { type: 'string', required: true } },
    template,
  }
}

/** Publishes a text prompt as YAML; throws unless the registry answered 201 or 200. */
export async function publish(
  r: RegistryHarness,
  name: string,
  version: number,
  template?: string,
): Promise<Response> {
  const res = await r.request('PUT', `/v1/prompts/${name}/versions/${version}`, {
    body: promptYaml(name, version, template),
    contentType: 'application/yaml',
  })
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`publish ${name} v${version} failed: ${res.status} ${await res.text()}`)
  }
  return res
}

/** A response body for assertions (its shape is what the test checks). */
// biome-ignore lint/suspicious/noExplicitAny: tests assert the shape of what they read
export async function json(res: Response): Promise<any> {
  return res.json()
}
