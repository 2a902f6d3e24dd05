import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { CliContext } from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import type { Io } from '../io'
import { createEvalGate } from '../eval-gate'
import { RegistryClient } from '../registry-client'
import { publishCommand } from './publish'

export interface ServeOptions {
  port?: string
  dataDir?: string
  /** Seed an empty registry from this folder (default `prompts/`). */
  seed: string | false
}

/**
 * `canon serve`: the registry and dashboard on one port, on the embedded database under
 * `.canon/` unless `DATABASE_URL` is set. On an empty registry it publishes the repo's
 * `prompts/` and points `production` at each prompt's highest version, so a newcomer sees
 * something real at once. Resolves when the server stops (SIGTERM/SIGINT).
 */
export async function serveCommand(io: Io, options: ServeOptions): Promise<ExitCode> {
  const { loadConfig, startRegistry } = await import('@canon/registry')
  const env: Record<string, string | undefined> = {
    ...io.env,
    ...(options.port ? { PORT: options.port } : {}),
    ...(options.dataDir ? { CANON_DATA_DIR: resolve(io.cwd, options.dataDir) } : {}),
  }
  if (!env.DATABASE_URL && !options.dataDir) {
    env.CANON_DATA_DIR = resolve(io.cwd, env.CANON_DATA_DIR ?? '.canon')
  }
  const config = loadConfig(env)
  const registry = await startRegistry(config, { print: io.err })
  const stopped = new Promise<void>((done) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => done())
  })

  const adminKey = config.adminKey ?? registry.createdAdminKey ?? localKey(env)
  const client = new RegistryClient({
    registryUrl: registry.url,
    ...(adminKey ? { apiKey: adminKey } : {}),
  })
  if (options.seed !== false) await seedIfEmpty(io, client, options.seed)

  const where =
    'dataDir' in config.database
      ? `embedded database in ${config.database.dataDir}`
      : 'Postgres (DATABASE_URL)'
  io.err(
    `\nCanon registry on ${registry.url}  (${where})\n` +
      `  API docs   ${registry.url}/docs\n` +
      `  try        curl -H "Authorization: Bearer $CANON_API_KEY" ${registry.url}/v1/prompts/SummarizeSupportTicket/labels/production\n` +
      `Stop with Ctrl-C.\n\n`,
  )
  await stopped
  return EXIT.OK
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
    .addHelpText(
      'after',
      `
Configuration (env): PORT, DATABASE_URL (Postgres; default: embedded PGlite in CANON_DATA_DIR),
CANON_ADMIN_KEY (a key with every scope; without it the first start creates one, prints it once
and saves it to <data dir>/admin-key for the local CLI), CANON_LOG_LEVEL, CANON_BODY_LIMIT.

Examples:
  $ pnpm canon serve                                   # http://localhost:4280
  $ DATABASE_URL=postgres://user@db/canon CANON_ADMIN_KEY=... pnpm canon serve --port 8080`,
    )
    .action(async (opts: { port?: string; dataDir?: string; seed: string | false }) => {
      ctx.setExit(await serveCommand(ctx.io, opts))
    })
}
