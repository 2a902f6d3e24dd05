/**
 * `startRegistry`: opens the database (migrating it), makes sure an admin key exists, and serves
 * the app until `close()` or SIGTERM.
 * @module
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { createApiKey, createDatabase, type Database, ensureAdminKey, listApiKeys } from '@canon/db'
import { createUnleashFlags } from '@canon/sdk/unleash'
import { serve } from '@hono/node-server'
import { createApp } from './app'
import type { Clock } from './clock'
import type { DatabaseLocation, RegistryConfig } from './config'
import { answerClientErrors } from './http/client-error'
import { createJsonLogger, type Logger } from './logger'
import type { Lifecycle, RegistryApp } from './routes/deps'

export interface StartOptions {
  /** Defaults to JSON lines on stdout at `config.logLevel`. */
  logger?: Logger
  /** Where the one-time admin key notice goes (default: standard output). */
  print?: (text: string) => void
  /** Stop gracefully on SIGTERM/SIGINT and exit (default true). */
  handleSignals?: boolean
  /** How long in-flight requests may take to finish on shutdown (default 10 s). */
  drainTimeoutMs?: number
  /**
   * Start-up work the caller does once the server listens (e.g. "publishing the example
   * prompts"): `/readyz` answers 503 with this reason until `ready()` is called.
   */
  startup?: string
  /**
   * A data folder of the embedded database made in advance (initdb run, migrations applied),
   * copied into a fresh data folder instead of creating the database there: initdb is most of
   * a cold start. A folder that already holds a database is opened as it is.
   */
  embeddedTemplate?: string
  clock?: Clock
}

/** A running registry. */
export interface RunningRegistry {
  /** Base URL, e.g. `http://127.0.0.1:4280`. */
  url: string
  port: number
  app: RegistryApp
  db: Database
  /** The admin key generated on this start (first start without keys), else undefined. */
  createdAdminKey?: string
  /** Ends the `startup` work: `/readyz` answers 200 from now on (when the database does). */
  ready(): void
  /** Stops accepting connections, lets in-flight requests finish, closes the database. */
  close(): Promise<void>
}

/**
 * Starts the registry on `config.port` (`0` picks a free port).
 * @example
 * const registry = await startRegistry(loadConfig(process.env))
 * // … later
 * await registry.close()
 */
export async function startRegistry(
  config: RegistryConfig,
  options: StartOptions = {},
): Promise<RunningRegistry> {
  const logger = options.logger ?? createJsonLogger({ level: config.logLevel })
  const print = options.print ?? ((text: string) => process.stdout.write(text))
  const location = databaseConfig(config.database)
  if (location.dataDir !== undefined && options.embeddedTemplate) {
    copyTemplate(options.embeddedTemplate, location.dataDir)
  }
  const db = await createDatabase({ ...location, migrate: true })
  let createdAdminKey: string | undefined
  try {
    createdAdminKey = await bootstrapAdminKey(db, config, logger, print)
  } catch (err) {
    await db.close().catch(() => {})
    throw err
  }

  const lifecycle: Lifecycle = {
    draining: false,
    ...(options.startup !== undefined ? { starting: options.startup } : {}),
  }
  // Server-side A/B resolve follows the same flags as the SDK; never blocks start-up.
  const flags = config.unleash
    ? createUnleashFlags({
        url: config.unleash.url,
        appName: 'canon-registry',
        ...(config.unleash.apiToken ? { apiToken: config.unleash.apiToken } : {}),
        onUnreachable: (err) =>
          logger.warn('unleash unreachable; resolve answers from labels', { error: err }),
      })
    : undefined
  const app = createApp({
    db,
    config,
    logger,
    lifecycle,
    ...(flags ? { flags } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  })
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolveServer(s),
    )
    s.once('error', reject)
  })
  // A header with a NUL never reaches the app: Node's parser refuses it. Answer in problem+json.
  answerClientErrors(server as Server)
  const port = (server.address() as AddressInfo).port
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  logger.info('registry listening', { url, database: db.kind })

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      lifecycle.draining = true
      removeSignalHandlers()
      await stopServer(server, options.drainTimeoutMs ?? 10_000)
      flags?.close()
      await db.close()
      logger.info('registry stopped')
    })()
    return closing
  }

  const onSignal = (signal: NodeJS.Signals) => {
    logger.info('shutting down', { signal })
    close().then(
      () => process.exit(0),
      (err) => {
        logger.error('unclean shutdown', { error: err })
        process.exit(1)
      },
    )
  }
  const handle = options.handleSignals ?? true
  if (handle) {
    process.once('SIGTERM', onSignal)
    process.once('SIGINT', onSignal)
  }
  function removeSignalHandlers() {
    if (!handle) return
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
  }

  const ready = () => {
    delete lifecycle.starting
  }
  return { url, port, app, db, ready, close, ...(createdAdminKey ? { createdAdminKey } : {}) }
}

/** Copies `template` to `dataDir` when the latter holds no database yet (see `embeddedTemplate`). */
function copyTemplate(template: string, dataDir: string): void {
  if (!existsSync(join(template, 'PG_VERSION'))) return
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return
  cpSync(template, dataDir, { recursive: true })
}

function databaseConfig(location: DatabaseLocation) {
  // The embedded database lives in `<data dir>/db`, leaving the data dir for other local state.
  return 'url' in location ? { url: location.url } : { dataDir: join(location.dataDir, 'db') }
}

/**
 * Registers `CANON_ADMIN_KEY`, or on a first start without any key creates an admin key and
 * prints it once. With the embedded database the key is also saved to `<data dir>/admin-key`
 * (mode 600), where a local `canon` CLI finds it.
 */
async function bootstrapAdminKey(
  db: Database,
  config: RegistryConfig,
  logger: Logger,
  print: (text: string) => void,
): Promise<string | undefined> {
  if (config.adminKey) {
    const result = await ensureAdminKey(db, config.adminKey)
    if (result.revoked) logger.warn('CANON_ADMIN_KEY was revoked and stays revoked')
    return undefined
  }
  if ((await listApiKeys(db)).length > 0) return undefined
  const { key } = await createApiKey(db, { name: 'admin', scopes: ['admin'], actor: 'system' })
  let saved = ''
  if ('dataDir' in config.database) {
    const dir = resolve(config.database.dataDir)
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'admin-key')
    writeFileSync(file, `${key}\n`, { mode: 0o600 })
    chmodSync(file, 0o600)
    saved = `\n  Saved to ${file} for the local canon CLI.`
  }
  print(
    `\nCreated an admin API key. It is shown this once; store it (e.g. as CANON_API_KEY):\n\n  ${key}\n${saved}\n\n`,
  )
  return key
}

/** Stops accepting connections and waits for in-flight requests, up to `timeoutMs`. */
function stopServer(server: ReturnType<typeof serve>, timeoutMs: number): Promise<void> {
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections()
    }, timeoutMs)
    timer.unref()
    server.close(() => {
      clearTimeout(timer)
      resolveStop()
    })
    if ('closeIdleConnections' in server) server.closeIdleConnections()
  })
}
