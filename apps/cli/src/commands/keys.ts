import type { Command } from 'commander'
import { type CliContext, formatOption, type RegistryFlags, withRegistryOptions } from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import type { Io } from '../io'
import type { RegistryClient } from '../registry-client'

const SCOPES = ['read', 'publish', 'label', 'telemetry', 'admin'] as const

interface ApiKey {
  id: string
  name: string
  prefix: string
  scopes: string[]
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
  key?: string
}

/** `canon keys create <name> --scopes read,telemetry`: the key is printed this once. */
export async function createKeyCommand(
  io: Io,
  name: string,
  options: { scopes: string; format: OutputFormat },
  client: RegistryClient,
): Promise<ExitCode> {
  const scopes = options.scopes
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s))
  if (scopes.length === 0 || unknown.length > 0) {
    io.err(
      `canon keys create: --scopes takes a comma list of ${SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}\n`,
    )
    return EXIT.USAGE
  }
  const { body } = await client.request<ApiKey>('POST', '/v1/keys', { name, scopes })
  if (options.format === 'json') {
    writeJson(io, body)
  } else {
    io.out(`${body.key}\n`)
    io.err(
      `Created key ${body.name} (${body.scopes.join(', ')}), id ${body.id}. It is shown this once: store it now.\n`,
    )
  }
  return EXIT.OK
}

/** `canon keys list`: every key with its prefix, scopes and state; never the keys themselves. */
export async function listKeysCommand(
  io: Io,
  options: { format: OutputFormat },
  client: RegistryClient,
): Promise<ExitCode> {
  const { body } = await client.request<{ keys: ApiKey[] }>('GET', '/v1/keys')
  if (options.format === 'json') {
    writeJson(io, body)
    return EXIT.OK
  }
  const rows = body.keys.map((k) => [
    k.id,
    k.name,
    `${k.prefix}…`,
    k.scopes.join(','),
    k.revokedAt
      ? `revoked ${k.revokedAt.slice(0, 10)}`
      : k.lastUsedAt
        ? `used ${k.lastUsedAt.slice(0, 10)}`
        : 'never used',
  ])
  const header = ['id', 'name', 'key', 'scopes', 'state']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  for (const row of [header, ...rows]) {
    io.out(
      `${row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    )
  }
  return EXIT.OK
}

/** `canon keys revoke <id>`: the key stops working on every replica. */
export async function revokeKeyCommand(
  io: Io,
  id: string,
  options: { format: OutputFormat },
  client: RegistryClient,
): Promise<ExitCode> {
  const { body } = await client.request<ApiKey>('DELETE', `/v1/keys/${encodeURIComponent(id)}`)
  if (options.format === 'json') writeJson(io, body)
  else io.out(`revoked ${body.name} (${body.prefix}…)\n`)
  return EXIT.OK
}

/** Registers `canon keys create|list|revoke`. */
export function registerKeys(program: Command, ctx: CliContext): void {
  const keys = program
    .command('keys')
    .description('manage API keys (needs an admin key)')
    .addHelpText(
      'after',
      `
Scopes: read (fetch prompts), publish (CI), label (promote/roll back), telemetry (OTLP and
scores), admin (everything, including keys).

Examples:
  $ pnpm canon keys create checkout-service --scopes read,telemetry   # for an app using the SDK
  $ pnpm canon keys create ci --scopes read,publish,label              # for the CI publish step
  $ pnpm canon keys list
  $ pnpm canon keys revoke 0b9c6a0e-4f7e-4c1a-9a36-3f8d2c5e9b11`,
    )
  withRegistryOptions(
    keys
      .command('create')
      .description('create a key; it is printed once on stdout')
      .argument('<name>', 'who will use it, e.g. checkout-service')
      .requiredOption('--scopes <list>', `comma list of ${SCOPES.join(', ')}`)
      .addOption(formatOption()),
  ).action(async (name: string, opts: { scopes: string; format: OutputFormat } & RegistryFlags) => {
    ctx.setExit(await createKeyCommand(ctx.io, name, opts, ctx.clientFor(opts)))
  })
  withRegistryOptions(
    keys
      .command('list')
      .description('list keys (never shows the keys themselves)')
      .addOption(formatOption()),
  ).action(async (opts: { format: OutputFormat } & RegistryFlags) => {
    ctx.setExit(await listKeysCommand(ctx.io, opts, ctx.clientFor(opts)))
  })
  withRegistryOptions(
    keys
      .command('revoke')
      .description('revoke a key: it stops working on every registry replica')
      .argument('<id>', 'the key id (from `canon keys list`)')
      .addOption(formatOption()),
  ).action(async (id: string, opts: { format: OutputFormat } & RegistryFlags) => {
    ctx.setExit(await revokeKeyCommand(ctx.io, id, opts, ctx.clientFor(opts)))
  })
}
