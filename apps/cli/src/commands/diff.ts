import { definitionText } from '@canon/core/definition-text'
import type { Command } from 'commander'
import { createTwoFilesPatch } from 'diff'
import pc from 'picocolors'
import { type CliContext, formatOption, type RegistryFlags, withRegistryOptions } from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import type { Io } from '../io'
import type { RegistryClient, VersionResponse } from '../registry-client'

/**
 * `canon diff <name> <v1> <v2>`: a unified diff of two published versions, as the same text the
 * dashboard's compare page diffs (keys in file order, templates as blocks, `evaluation`
 * included), so template changes read line by line. Identical versions say so.
 */
export async function diffCommand(
  io: Io,
  name: string,
  from: string,
  to: string,
  options: { format: OutputFormat },
  client: RegistryClient,
): Promise<ExitCode> {
  const versions = [from, to].map(Number)
  if (versions.some((v) => !Number.isInteger(v) || v < 1)) {
    io.err(`canon diff: versions must be integers ≥ 1, got \`${from}\` and \`${to}\`\n`)
    return EXIT.USAGE
  }
  const [a, b] = (await Promise.all(versions.map((v) => client.getVersion(name, v)))).map(
    (r) => r.body,
  ) as [VersionResponse, VersionResponse]
  const [textA, textB] = [a, b].map((v) => definitionText({ ...v.definition })) as [string, string]
  const identical = a.digest === b.digest && textA === textB
  const patch = createTwoFilesPatch(
    `${name}:${from}`,
    `${name}:${to}`,
    textA,
    textB,
    `sha256:${a.digest.slice(0, 12)}`,
    `sha256:${b.digest.slice(0, 12)}`,
  )
  if (options.format === 'json') {
    writeJson(io, { name, from: a.version, to: b.version, identical, patch })
    return EXIT.OK
  }
  if (identical) {
    const same = a.version === b.version ? 'the same version' : 'identical'
    io.out(
      `${name} v${a.version} and v${b.version} are ${same}: nothing differs (sha256:${a.digest.slice(0, 12)})\n`,
    )
    return EXIT.OK
  }
  const color = io.interactive ? pc : pc.createColors(false)
  for (const line of patch.split('\n').slice(1)) {
    const paint = line.startsWith('+')
      ? color.green
      : line.startsWith('-')
        ? color.red
        : line.startsWith('@@')
          ? color.cyan
          : (s: string) => s
    io.out(`${paint(line)}\n`)
  }
  return EXIT.OK
}

/** Registers `canon diff`. */
export function registerDiff(program: Command, ctx: CliContext): void {
  withRegistryOptions(
    program
      .command('diff')
      .description('unified diff of two published versions of a prompt')
      .argument('<name>', 'prompt name')
      .argument('<v1>', 'from version')
      .argument('<v2>', 'to version')
      .addOption(formatOption()),
  )
    .addHelpText('after', '\nExample:\n  $ pnpm canon diff SummarizeSupportTicket 1 2')
    .action(
      async (
        name: string,
        v1: string,
        v2: string,
        opts: { format: OutputFormat } & RegistryFlags,
      ) => {
        ctx.setExit(await diffCommand(ctx.io, name, v1, v2, opts, ctx.clientFor(opts)))
      },
    )
}
