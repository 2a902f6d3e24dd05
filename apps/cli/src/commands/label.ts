import type { Command } from 'commander'
import pc from 'picocolors'
import { type CliContext, formatOption, type RegistryFlags, withRegistryOptions } from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import type { Io } from '../io'
import type { RegistryClient } from '../registry-client'

export interface LabelOptions {
  format: OutputFormat
  /** Compare-and-set: the version the label must point at now (`none` = must not exist). */
  expected?: string
}

interface LabelBody {
  name: string
  label: string
  version: number
  previousVersion?: number | null
}

/**
 * `canon label <name> <label> <version>`: promote or roll back by moving a label. With
 * `--expected` the move only happens if nobody moved the label in the meantime.
 */
export async function labelCommand(
  io: Io,
  name: string,
  label: string,
  versionArg: string,
  options: LabelOptions,
  client: RegistryClient,
): Promise<ExitCode> {
  const version = Number(versionArg)
  if (!Number.isInteger(version) || version < 1) {
    io.err(`canon label: version must be an integer ≥ 1, got \`${versionArg}\`\n`)
    return EXIT.USAGE
  }
  const body: { version: number; expected?: number | null } = { version }
  if (options.expected !== undefined) {
    const expected = options.expected === 'none' ? null : Number(options.expected)
    if (expected !== null && (!Number.isInteger(expected) || expected < 1)) {
      io.err(`canon label: --expected must be a version or \`none\`, got \`${options.expected}\`\n`)
      return EXIT.USAGE
    }
    body.expected = expected
  }
  const res = await client.request<LabelBody>(
    'PUT',
    `/v1/prompts/${encodeURIComponent(name)}/labels/${encodeURIComponent(label)}`,
    body,
  )
  if (options.format === 'json') {
    writeJson(io, res.body)
  } else {
    const from = res.body.previousVersion ? `v${res.body.previousVersion}` : '(new)'
    const color = io.interactive ? pc : pc.createColors(false)
    io.out(`${color.cyan(`${name}@${label}`)}: ${from} → v${version}\n`)
  }
  return EXIT.OK
}

/** Registers `canon label`. */
export function registerLabel(program: Command, ctx: CliContext): void {
  withRegistryOptions(
    program
      .command('label')
      .description('move a label to a version: promote or roll back without a deploy')
      .argument('<name>', 'prompt name')
      .argument('<label>', 'label, e.g. production')
      .argument('<version>', 'version the label should point at')
      .option(
        '--expected <version>',
        'only move if the label points at this version now (`none`: must not exist)',
      )
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Every move is audited (who, when, from, to). \`latest\` is reserved and always points at the
highest version.

Examples:
  $ pnpm canon label SummarizeSupportTicket production 2              # promote v2
  $ pnpm canon label SummarizeSupportTicket production 1 --expected 2 # roll back, if still on v2`,
    )
    .action(
      async (
        name: string,
        label: string,
        version: string,
        opts: { format: OutputFormat; expected?: string } & RegistryFlags,
      ) => {
        ctx.setExit(await labelCommand(ctx.io, name, label, version, opts, ctx.clientFor(opts)))
      },
    )
}
