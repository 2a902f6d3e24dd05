import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CanonError } from '@canon/core'
import type { Command } from 'commander'
import { DEFAULT_PORT } from '../config'
import type { CliContext } from '../context'
import type { DemoStats, RunningDemo } from '../demo/start-demo'
import { createEvalGate } from '../eval-gate'
import { EXIT, type ExitCode } from '../exit-codes'
import type { Io } from '../io'
import { RegistryClient } from '../registry-client'
import { createTerminalLogger } from '../terminal-logger'
import { publishCommand } from './publish'

/**
 * The embedded database prepared by the CLI's build (`build.ts`: initdb run, migrations
 * applied), copied into a fresh data folder: initdb is most of a cold start.
 */
export const EMBEDDED_TEMPLATE = fileURLToPath(new URL('../../dist/pgdata', import.meta.url))

export interface ServeOptions {
  port?: string
  dataDir?: string
  /** Seed an empty registry from this folder (default `prompts/`). */
  seed: string | false
  /** Drive simulated traffic through the SDK (`--demo`). */
  demo?: boolean
  /** Executions the demo backfills over the last 24 h (default: what `demoRate` gives). */
  demoBackfill?: string
  /** Live simulated requests per second at the busiest hour (default 1). */
  demoRate?: string
}

/**
 * `canon serve`: the registry and dashboard on one port, on the embedded database under
 * `.canon/` unless `DATABASE_URL` is set. On an empty registry it publishes the repo's
 * `prompts/` and points `production` at each prompt's highest version, so a newcomer sees
 * something real at once; this happens once the server listens, and `/readyz` answers 503 until
 * it is done (ready means serving what it will serve). With `demo`, a simulated app then sends
 * traffic through the SDK (see `startDemo`). Request logs are short lines on a terminal and JSON
 * lines otherwise (standard output; the banner and progress go to standard error). Resolves
 * with exit code 0 when the server stops on SIGTERM/SIGINT (Ctrl-C): the demo is stopped and
 * flushed first, then the registry closes.
 */
export async function serveCommand(io: Io, options: ServeOptions): Promise<ExitCode> {
  const demoBackfill = count(options.demoBackfill, '--demo-backfill')
  const demoRate = count(options.demoRate, '--demo-rate')
  const { createJsonLogger, loadConfig, startRegistry } = await import('@canon/registry')
  const env: Record<string, string | undefined> = {
    ...io.env,
    ...(options.port ? { PORT: options.port } : {}),
    ...(options.dataDir ? { CANON_DATA_DIR: resolve(io.cwd, options.dataDir) } : {}),
  }
  // The demo's traffic would bury the terminal in request logs.
  if (options.demo && !env.CANON_LOG_LEVEL) env.CANON_LOG_LEVEL = 'warn'
  if (!env.DATABASE_URL && !options.dataDir) {
    env.CANON_DATA_DIR = resolve(io.cwd, env.CANON_DATA_DIR ?? '.canon')
  }
  const config = loadConfig(env)
  const logger = io.interactive
    ? createTerminalLogger({ level: config.logLevel, write: io.out, color: true })
    : createJsonLogger({ level: config.logLevel, write: io.out })
  const seedFolder = options.seed === false ? undefined : resolve(io.cwd, options.seed)
  const seeding = seedFolder !== undefined && existsSync(seedFolder)
  // Signals are handled here, so that the demo stops and flushes before the registry closes.
  const registry = await startRegistry(config, {
    logger,
    print: io.err,
    handleSignals: false,
    embeddedTemplate: EMBEDDED_TEMPLATE,
    ...(seeding ? { startup: `publishing the example prompts (${options.seed})` } : {}),
  })
  let signalled = false
  const stopped = new Promise<void>((done) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        signalled = true
        done()
      })
    }
  })

  const adminKey = config.adminKey ?? registry.createdAdminKey ?? localKey(env)
  io.err(banner(registry.url, config, io.cwd, adminKey))
  const client = new RegistryClient({
    registryUrl: registry.url,
    ...(adminKey ? { apiKey: adminKey } : {}),
  })
  let demo: RunningDemo | undefined
  try {
    if (seeding && options.seed !== false) await seedIfEmpty(io, client, options.seed)
    registry.ready()
    if (seeding) io.err(`Ready: ${registry.url}/readyz answers 200.\n`)
    if (options.demo && !signalled) {
      const { startDemo } = await import('../demo/start-demo')
      demo = await startDemo({
        registryUrl: registry.url,
        db: registry.db,
        print: io.err,
        ...(demoBackfill !== undefined ? { backfill: demoBackfill } : {}),
        ...(demoRate !== undefined ? { rate: demoRate } : {}),
      })
    }
  } catch (err) {
    await registry.close()
    throw err
  }

  await stopped
  if (demo) {
    io.err('Stopping the demo: finishing its requests and exporting its spans…\n')
    io.err(demoSummary(await demo.stop()))
  }
  await registry.close()
  io.err('Canon registry stopped.\n')
  return EXIT.OK
}

/** What the person who started `serve` needs: where it is, and how to point the CLI at it. */
function banner(
  url: string,
  config: { adminKey?: string; database: { dataDir: string } | { url: string } },
  cwd: string,
  adminKey: string | undefined,
): string {
  const where =
    'dataDir' in config.database
      ? `embedded database in ${config.database.dataDir}`
      : 'Postgres (DATABASE_URL)'
  // The local key (generated on first start, kept in the data dir) signs the browser in through
  // the URL fragment, which never reaches the server's logs; a key from the environment is not
  // echoed.
  const localAdminKey = config.adminKey ? undefined : adminKey
  const dashboard = localAdminKey ? `${url}/#key=${localAdminKey}` : `${url}/`
  // The CLI finds a registry on the default port and its key in ./.canon by itself; anywhere
  // else it needs to be told.
  const port = Number(new URL(url).port)
  const cli: string[] = []
  if (port !== DEFAULT_PORT) cli.push(`export CANON_REGISTRY_URL=${url}`)
  const dataDir = 'dataDir' in config.database ? config.database.dataDir : undefined
  if (localAdminKey && dataDir !== undefined && dataDir !== resolve(cwd, '.canon')) {
    cli.push(`export CANON_API_KEY=$(cat ${join(dataDir, 'admin-key')})`)
  }
  const cliLine =
    cli.length > 0
      ? `  CLI        point canon at this registry (it defaults to http://localhost:${DEFAULT_PORT}):\n` +
        cli.map((line) => `               ${line}\n`).join('')
      : `  CLI        canon talks to this registry by default (http://localhost:${DEFAULT_PORT})\n`
  return (
    `\nCanon registry on ${url}  (${where})\n` +
    `  dashboard  ${dashboard}\n` +
    `  API docs   ${url}/docs\n` +
    cliLine +
    `  try        curl -H "Authorization: Bearer $CANON_API_KEY" ${url}/v1/prompts/SummarizeSupportTicket/labels/production\n` +
    `Stop with Ctrl-C.\n\n`
  )
}

function demoSummary(stats: DemoStats): string {
  const failed = stats.spansFailed > 0 ? `, ${stats.spansFailed} spans could not be exported` : ''
  return (
    `Demo stopped: ${stats.backfilled + stats.live} simulated executions ` +
    `(${stats.backfilled} backfilled, ${stats.live} live), ${stats.spansExported} spans exported${failed}, ` +
    `${stats.scoresSent} feedback scores sent.\n`
  )
}

/** A non-negative number option, or undefined when not given. */
function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new CanonError(
      'BAD_REQUEST',
      `${flag} must be a number ≥ 0, got ${JSON.stringify(value)}`,
    )
  }
  return n
}

function localKey(env: Record<string, string | undefined>): string | undefined {
  const file = resolve(env.CANON_DATA_DIR ?? '.canon', 'admin-key')
  if (!existsSync(file)) return undefined
  return readFileSync(file, 'utf8').trim()
}

async function seedIfEmpty(io: Io, client: RegistryClient, folder: string) {
  const list = await client.request<{ prompts: unknown[] }>('GET', '/v1/prompts?limit=1')
  if (list.body.prompts.length > 0) return
  io.err(
    `Empty registry: publishing ${folder} and labelling each prompt's highest version production…\n`,
  )
  const seedIo: Io = { ...io, out: io.err }
  // Through the same eval gate as CI (offline, on the prompts' mock fixtures), so the seeded
  // versions carry eval summaries the dashboard can show.
  const gate = createEvalGate(seedIo, { client })
  await publishCommand(seedIo, [folder], { format: 'text', label: 'production' }, client, gate)
}

/** Registers `canon serve`. */
export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description(
      'run the registry and dashboard (embedded database under .canon/ unless DATABASE_URL)',
    )
    .option('--port <port>', 'port to listen on (env PORT, default 4280)')
    .option(
      '--data-dir <dir>',
      'folder of the embedded database (env CANON_DATA_DIR, default .canon/)',
    )
    .option(
      '--seed <folder>',
      'on an empty registry, publish this folder and label it production',
      'prompts',
    )
    .option('--no-seed', 'start empty even if the registry has no prompts')
    .option(
      '--demo',
      'drive simulated traffic through the SDK (a 90/10 A/B rollout of SummarizeSupportTicket v1/v2 against a simulated model), marked simulated',
    )
    .option(
      '--demo-rate <n>',
      'with --demo: simulated requests per second at the busiest hour (fewer at night)',
      '1',
    )
    .option(
      '--demo-backfill <n>',
      'with --demo: executions backfilled over the last 24 h (default: what --demo-rate gives, ~38 000 at 1/s)',
    )
    .addHelpText(
      'after',
      `
Configuration (env): PORT, DATABASE_URL (Postgres; default: embedded PGlite in CANON_DATA_DIR),
CANON_ADMIN_KEY (a key with every scope; without it the first start creates one, prints it once
and saves it to <data dir>/admin-key for the local CLI), CANON_LOG_LEVEL, CANON_BODY_LIMIT.

--demo: a simulated app uses the registry through @canon/sdk like a real one: users split 90/10
between SummarizeSupportTicket v1 and v2 by an offline Unleash rollout, a simulated model (no LLM
is called; v2 faster and cheaper), user feedback, a little traffic on the other prompts. It
backfills the last 24 h at start (a few seconds), then keeps sending live traffic with the same
daily shape until the server stops; its spans go through the OTLP exporter to this registry's
/v1/traces under a dedicated key (read + telemetry, revoked at stop). Request logs default to
warn (CANON_LOG_LEVEL overrides). Everything it records is marked simulated.

Examples:
  $ npx canon serve                                    # http://localhost:4280
  $ npx canon serve --demo                             # with simulated traffic and charts
  $ DATABASE_URL=postgres://user@db/canon CANON_ADMIN_KEY=... npx canon serve --port 8080`,
    )
    .action(async (opts: ServeOptions) => {
      ctx.setExit(await serveCommand(ctx.io, opts))
    })
}
