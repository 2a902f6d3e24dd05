import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CanonError } from '@canon/core'
import type { Command } from 'commander'
import type { CliContext } from '../context'
import type { DemoStats, RunningDemo } from '../demo/start-demo'
import { createEvalGate } from '../eval-gate'
import { EXIT, type ExitCode } from '../exit-codes'
import type { Io } from '../io'
import { RegistryClient } from '../registry-client'
import { publishCommand } from './publish'

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
 * something real at once. With `demo`, a simulated app then sends traffic through the SDK (see
 * `startDemo`). Resolves when the server stops (SIGTERM/SIGINT): the demo is stopped and
 * flushed first, then the registry closes.
 */
export async function serveCommand(io: Io, options: ServeOptions): Promise<ExitCode> {
  const demoBackfill = count(options.demoBackfill, '--demo-backfill')
  const demoRate = count(options.demoRate, '--demo-rate')
  const { loadConfig, startRegistry } = await import('@canon/registry')
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
  // Signals are handled here, so that the demo stops and flushes before the registry closes.
  const registry = await startRegistry(config, { print: io.err, handleSignals: false })
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
  const client = new RegistryClient({
    registryUrl: registry.url,
    ...(adminKey ? { apiKey: adminKey } : {}),
  })
  let demo: RunningDemo | undefined
  try {
    if (options.seed !== false) await seedIfEmpty(io, client, options.seed)
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

  const where =
    'dataDir' in config.database
      ? `embedded database in ${config.database.dataDir}`
      : 'Postgres (DATABASE_URL)'
  // The local key (generated on first start, kept in the data dir) signs the browser in through
  // the URL fragment, which never reaches the server's logs; a key from the environment is not
  // echoed.
  const localAdminKey = config.adminKey ? undefined : (registry.createdAdminKey ?? localKey(env))
  const dashboard = localAdminKey ? `${registry.url}/#key=${localAdminKey}` : `${registry.url}/`
  io.err(
    `\nCanon registry on ${registry.url}  (${where})\n` +
      `  dashboard  ${dashboard}\n` +
      `  API docs   ${registry.url}/docs\n` +
      `  try        curl -H "Authorization: Bearer $CANON_API_KEY" ${registry.url}/v1/prompts/SummarizeSupportTicket/labels/production\n` +
      `Stop with Ctrl-C.\n\n`,
  )
  await stopped
  if (demo) {
    io.err('Stopping the demo: finishing its requests and exporting its spans…\n')
    io.err(demoSummary(await demo.stop()))
  }
  await registry.close()
  return EXIT.OK
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
  const dir = resolve(io.cwd, folder)
  if (!existsSync(dir)) return
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
  $ pnpm canon serve                                   # http://localhost:4280
  $ pnpm canon serve --demo                            # with simulated traffic and charts
  $ DATABASE_URL=postgres://user@db/canon CANON_ADMIN_KEY=... pnpm canon serve --port 8080`,
    )
    .action(async (opts: ServeOptions) => {
      ctx.setExit(await serveCommand(ctx.io, opts))
    })
}
