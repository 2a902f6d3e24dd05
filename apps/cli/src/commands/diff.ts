import type { Command } from 'commander'
import { createTwoFilesPatch } from 'diff'
import yaml from 'js-yaml'
import pc from 'picocolors'
import { type CliContext, formatOption, type RegistryFlags, withRegistryOptions } from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import type { Io } from '../io'
import type { RegistryClient, VersionResponse } from '../registry-client'

/**
 * `canon diff <name> <v1> <v2>`: a unified diff of two published versions, shown as YAML so
 * template changes read line by line.
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
  const [a, b] = await Promise.all(versions.map((v) => client.getVersion(name, v)))
  const patch = createTwoFilesPatch(
    `${name}:${from}`,
    `${name}:${to}`,
    toYaml(a!.body),
    toYaml(b!.body),
    `sha256:${a!.body.digest.slice(0, 12)}`,
    `sha256:${b!.body.digest.slice(0, 12)}`,
  )
  if (options.format === 'json') {
    writeJson(io, {
      name,
      from: a!.body.version,
      to: b!.body.version,
      identical: a!.body.digest === b!.body.digest,
      patch,
    })
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

function toYaml(v: VersionResponse): string {
  const { evaluation: _evaluation, ...definition } = v.definition
  return yaml.dump(definition, { lineWidth: 100, noRefs: true })
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
