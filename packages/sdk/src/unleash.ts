/**
 * `@canon/sdk/unleash` (Node-only, like `unleash-client`): A/B routing of prompt versions with
 * an Unleash server.
 * @module
 */
import { InMemStorageProvider, Unleash, type UnleashConfig } from 'unleash-client'
import { type UnleashFlags, type UnleashFlagsOptions, unleashFlags } from './flags/unleash-flags'

export interface CreateUnleashFlagsOptions extends UnleashFlagsOptions {
  /** The Unleash server or its API, `https://unleash.example.com` or `…/api/` (env `UNLEASH_URL`). */
  url: string
  /** A backend (client) token (env `UNLEASH_API_TOKEN`). */
  apiToken?: string
  /** Default `canon-sdk`. */
  appName?: string
  /** How often to poll for toggle changes, ms. Default 15 000. */
  refreshInterval?: number
  /** Anything else `unleash-client` accepts (`bootstrap`, `disableMetrics`, `storageProvider`, …). */
  unleash?: Partial<UnleashConfig>
}

/** Flags backed by an Unleash client, with `ready()` to wait for the first sync (tests). */
export interface UnleashFlagsHandle extends UnleashFlags {
  readonly client: Unleash
  /** Resolves once toggles are loaded; rejects after `timeoutMs`. `get` never needs this. */
  ready(timeoutMs?: number): Promise<void>
  close(): void
}

/**
 * Starts an Unleash client for prompt flags (`prompt.<name>`). Toggles live in memory (no
 * backup file in the temp folder); polling starts at once and never blocks a `get`.
 * @example
 * const flags = createUnleashFlags({ url: process.env.UNLEASH_URL, apiToken: process.env.UNLEASH_API_TOKEN })
 * const canon = createCanon({ baseUrl, apiKey, flags })
 */
export function createUnleashFlags(options: CreateUnleashFlagsOptions): UnleashFlagsHandle {
  const client = new Unleash({
    url: clientApiUrl(options.url),
    appName: options.appName ?? 'canon-sdk',
    refreshInterval: options.refreshInterval ?? 15_000,
    storageProvider: new InMemStorageProvider(),
    skipInstanceCountWarning: true,
    ...(options.apiToken ? { customHeaders: { Authorization: options.apiToken } } : {}),
    ...options.unleash,
  })
  const adapterOptions: UnleashFlagsOptions = {}
  if (options.whenUnreachable) adapterOptions.whenUnreachable = options.whenUnreachable
  if (options.onUnreachable) adapterOptions.onUnreachable = options.onUnreachable
  const flags = unleashFlags(client, adapterOptions)
  return Object.assign(flags, {
    client,
    ready(timeoutMs = 10_000): Promise<void> {
      if (client.isSynchronized()) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`Unleash at ${options.url} did not synchronize within ${timeoutMs} ms`),
            ),
          timeoutMs,
        )
        client.once('synchronized', () => {
          clearTimeout(timer)
          resolve()
        })
      })
    },
    close() {
      client.destroy()
    },
  })
}

/** `unleash-client` wants the API root (`…/api/`); accept the server's URL too. */
function clientApiUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '')
  return /\/api$/.test(trimmed) ? `${trimmed}/` : `${trimmed}/api/`
}
