import { isCanonError } from '@canon/core'
import { Command, CommanderError, Option } from 'commander'
import { diffCommand } from './commands/diff'
import { labelCommand } from './commands/label'
import { publishCommand } from './commands/publish'
import { pullCommand } from './commands/pull'
import { renderCommand } from './commands/render'
import { validateCommand } from './commands/validate'
import { loadClientConfig } from './config'
import { EXIT, type ExitCode } from './exit-codes'
import { FORMATS, type OutputFormat } from './format'
import { type Io, processIo } from './io'
import { parsePromptRef, RegistryClient } from './registry-client'

interface RegistryFlags {
  registry?: string
  apiKey?: string
}

const registryOptions = (cmd: Command) =>
  cmd
    .option(
      '--registry <url>',
      'registry URL (env CANON_REGISTRY_URL, default http://localhost:4280)',
    )
    .option('--api-key <key>', 'API key (env CANON_API_KEY)')

const formatOption = () =>
  new Option('--format <format>', 'output format: text for people, json for scripts')
    .choices(FORMATS)
    .default('text')

/**
 * Runs the `canon` CLI and resolves to its exit code (SPEC §2). Never throws: usage errors
 * exit 2, failed checks exit 1, and unexpected errors print one line (the stack only with
 * CANON_DEBUG=1).
 */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.OK
  const program = new Command('canon')
    .description(
      'Prompts as software artifacts: validate, render, evaluate, publish and serve them.',
    )
    .version('0.1.0', '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes: 0 success, 1 check failed (invalid file, gate failed, conflict),
            2 usage or configuration error, 3 evaluation inconclusive.

Examples:
  $ pnpm canon validate                      # every prompt under prompts/
  $ pnpm canon render prompts/summarize_support_ticket.v2.yaml \\
      --var support_ticket_text="My invoice is wrong" --var output_format=summary`,
    )

  program
    .command('validate')
    .description('check prompt files against every rule of the prompt format (default: prompts/)')
    .argument('[paths...]', 'files or folders to check', [])
    .addOption(formatOption())
    .option('--strict', 'treat warnings (e.g. declared but unused inputs) as failures')
    .addHelpText(
      'after',
      `
Every problem is reported as path:line:col: error|warning: message, for every file,
not only the first. Exit 1 when any file has an error.

Examples:
  $ pnpm canon validate prompts/
  $ pnpm canon validate prompts/summarize_support_ticket.v2.yaml --format json`,
    )
    .action(async (paths: string[], opts: { format: OutputFormat; strict?: boolean }) => {
      exitCode = await validateCommand(io, paths, opts)
    })

  registryOptions(
    program
      .command('render')
      .description('print a prompt rendered with the given inputs')
      .argument('<prompt>', 'a prompt file, or name:version / name@label from the registry')
      .option(
        '--var <key=value>',
        "an input value (repeatable); typed by the prompt's inputs",
        collect,
        [],
      )
      .option('--vars-file <file>', 'a JSON or YAML file of input values')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Rendering is strict: a missing required input, an unknown input or a value of the wrong
type is an error, never an empty string.

Examples:
  $ pnpm canon render prompts/classify_ticket_intent.yaml --var ticket_text="refund please"
  $ pnpm canon render prompts/extract_order_details.yaml --vars-file email.json --format json
  $ pnpm canon render SummarizeSupportTicket@production --var support_ticket_text="..."
  $ pnpm canon render SummarizeSupportTicket:2 --vars-file ticket.yaml`,
    )
    .action(
      async (
        target: string,
        opts: { format: OutputFormat; var: string[]; varsFile?: string } & RegistryFlags,
      ) => {
        exitCode = await renderCommand(io, target, opts, async (_io, ref) => {
          const { name, version, label } = parsePromptRef(ref)
          const client = clientFor(opts)
          const res = version
            ? await client.getVersion(name, version)
            : await client.getLabel(name, label ?? 'production')
          return res.body.definition
        })
      },
    )

  registryOptions(
    program
      .command('publish')
      .description('validate, gate and publish prompts to the registry (default: prompts/)')
      .argument('[paths...]', 'files or folders to publish', [])
      .option('--label <label>', 'then point this label at the highest version of each prompt')
      .option('--dry-run', 'validate and gate, but send nothing')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
One line per prompt: published (new version), unchanged (same content already there) or
conflict (the version exists with other content: bump the version in the file). Publishing is
idempotent, so CI can run it on every push. Exit 1 on any conflict.

Examples:
  $ pnpm canon publish prompts/ --label staging
  $ CANON_REGISTRY_URL=https://canon.internal CANON_API_KEY=... pnpm canon publish --format json`,
    )
    .action(
      async (
        paths: string[],
        opts: { format: OutputFormat; label?: string; dryRun?: boolean } & RegistryFlags,
      ) => {
        exitCode = await publishCommand(io, paths, opts, clientFor(opts))
      },
    )

  registryOptions(
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
        exitCode = await labelCommand(io, name, label, version, opts, clientFor(opts))
      },
    )

  registryOptions(
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
        exitCode = await diffCommand(io, name, v1, v2, opts, clientFor(opts))
      },
    )

  registryOptions(
    program
      .command('pull')
      .description("write a snapshot of every prompt at a label, the SDK's offline fallback")
      .option('--label <label>', 'label to snapshot', 'production')
      .requiredOption('--out <file>', 'where to write the snapshot JSON')
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
      exitCode = await pullCommand(io, opts, clientFor(opts))
    })

  function clientFor(flags: RegistryFlags): RegistryClient {
    return new RegistryClient(loadClientConfig(io.env, io.cwd, flags))
  }

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (err) {
    return handleError(io, err, io.env.CANON_DEBUG === '1')
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function handleError(io: Io, err: unknown, debug: boolean): ExitCode {
  if (err instanceof CommanderError) {
    // commander already printed the message; help and version are successes.
    return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE
  }
  if (isCanonError(err)) {
    io.err(`canon: ${err.message}\n`)
    if (debug && err.stack) io.err(`${err.stack}\n`)
    const usage =
      err.code === 'CONFIG_INVALID' || err.code === 'BAD_REQUEST' || err.code === 'UNAVAILABLE'
    return usage ? EXIT.USAGE : EXIT.CHECK_FAILED
  }
  const message = err instanceof Error ? err.message : String(err)
  io.err(`canon: internal error: ${message}\n`)
  io.err(
    debug && err instanceof Error && err.stack
      ? `${err.stack}\n`
      : '(set CANON_DEBUG=1 for the stack trace)\n',
  )
  return EXIT.CHECK_FAILED
}
