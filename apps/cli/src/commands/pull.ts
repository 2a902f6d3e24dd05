import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Command } from 'commander'
import {
  type CliContext,
  formatOption,
  type RegistryFlags,
  requiredOption,
  withRegistryOptions,
} from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import type { Io } from '../io'
import type { RegistryClient } from '../registry-client'

interface Snapshot {
  label: string
  prompts: Array<{ name: string; version: number }>
  [key: string]: unknown
}

/**
 * `canon pull [--label production] --out f`: every prompt at a label in one file, the SDK's
 * fallback when the registry is unreachable. Written atomically, so a failed pull never leaves a
 * half-written snapshot behind. A label no prompt has is an error (exit 1) and writes nothing: an
 * empty snapshot would leave the app with no fallback at all.
 */
export async function pullCommand(
  io: Io,
  options: { label: string; out: string; format: OutputFormat },
  client: RegistryClient,
): Promise<ExitCode> {
  const res = await client.request<Snapshot>(
    'GET',
    `/v1/snapshot?label=${encodeURIComponent(options.label)}`,
  )
  if (res.body.prompts.length === 0) {
    const known = await labelsInUse(client)
    const hint =
      known === undefined
        ? ''
        : known.length === 0
          ? ' (no prompt has any label yet)'
          : ` (labels in use: ${known.join(', ')})`
    io.err(
      `canon pull: no prompt has the label \`${options.label}\` in the registry at ${client.url}${hint}; nothing written\n`,
    )
    return EXIT.CHECK_FAILED
  }
  const out = resolve(io.cwd, options.out)
  mkdirSync(dirname(out), { recursive: true })
  const tmp = `${out}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(res.body, null, 2)}\n`)
  renameSync(tmp, out)
  const count = res.body.prompts.length
  if (options.format === 'json') {
    writeJson(io, { out: options.out, label: options.label, prompts: count })
  } else {
    io.out(
      `wrote ${count} prompt${count === 1 ? '' : 's'} at @${options.label} to ${options.out}\n`,
    )
  }
  return EXIT.OK
}

/** Label names on the registry's first page of prompts, to suggest; undefined if unknown. */
async function labelsInUse(client: RegistryClient): Promise<string[] | undefined> {
  try {
    const { body } = await client.request<{ prompts: Array<{ labels: Record<string, number> }> }>(
      'GET',
      '/v1/prompts?limit=500',
    )
    return [...new Set(body.prompts.flatMap((p) => Object.keys(p.labels)))].sort()
  } catch {
    return undefined
  }
}

/** Registers `canon pull`. */
export function registerPull(program: Command, ctx: CliContext): void {
  withRegistryOptions(
    program
      .command('pull')
      .description("write a snapshot of every prompt at a label, the SDK's offline fallback")
      .usage('--out <file> [options]')
      .option('--label <label>', 'label to snapshot', 'production')
      .addOption(requiredOption('--out <file>', 'where to write the snapshot JSON'))
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Ship the file with your app and pass it to createCanon({ fallback }): when the registry is
unreachable, the SDK serves prompts from it.

Example:
  $ pnpm canon pull --label production --out app/prompts.snapshot.json`,
    )
    .action(async (opts: { label: string; out: string; format: OutputFormat } & RegistryFlags) => {
      ctx.setExit(await pullCommand(ctx.io, opts, ctx.clientFor(opts)))
    })
}
