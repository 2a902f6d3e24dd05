import type { Database } from '@canon/db'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { PromptCache } from '../cache/prompt-cache'
import type { AppEnv } from '../http/app-env'
import type { KeyCache } from '../http/key-cache'

/** Process state the routes can see (`readyz` answers 503 while starting or draining). */
export interface Lifecycle {
  draining: boolean
  /**
   * Start-up work still under way after the server listens (e.g. `canon serve` publishing the
   * example prompts), as a reason `readyz` can give; undefined once done.
   */
  starting?: string
}

/** What every route receives from `createApp`. */
export interface RouteDeps {
  lifecycle: Lifecycle
  db: Database
  cache: PromptCache
  keys: KeyCache
}

/** The registry's Hono app type. */
export type RegistryApp = OpenAPIHono<AppEnv>
