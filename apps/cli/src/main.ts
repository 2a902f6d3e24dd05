import { isCanonError } from '@canon/core'
import { Command, CommanderError, Option } from 'commander'
import { renderCommand } from './commands/render'
import { validateCommand } from './commands/validate'
import { EXIT, type ExitCode } from './exit-codes'
import { FORMATS, type OutputFormat } from './format'
import { type Io, processIo } from './io'

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
    .description('Prompts as software artifacts: validate, render, evaluate, publish and serve them.')
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

  program
    .command('render')
    .description('print a prompt rendered with the given inputs')
    .argument('<prompt>', 'a prompt file, or name:version / name@label from the registry')
    .option('--var <key=value>', 'an input value (repeatable); typed by the prompt\'s inputs', collect, [])
    .option('--vars-file <file>', 'a JSON or YAML file of input values')
    .addOption(formatOption())
    .addHelpText(
      'after',
      `
Rendering is strict: a missing required input, an unknown input or a value of the wrong
type is an error, never an empty string.

Examples:
  $ pnpm canon render prompts/classify_ticket_intent.yaml --var ticket_text="refund please"
  $ pnpm canon render prompts/extract_order_details.yaml --vars-file email.json --format json`,
    )
    .action(async (target: string, opts: { format: OutputFormat; var: string[]; varsFile?: string }) => {
      exitCode = await renderCommand(io, target, opts)
    })

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
    return err.code === 'CONFIG_INVALID' || err.code === 'BAD_REQUEST' ? EXIT.USAGE : EXIT.CHECK_FAILED
  }
  const message = err instanceof Error ? err.message : String(err)
  io.err(`canon: internal error: ${message}\n`)
  io.err(debug && err instanceof Error && err.stack ? `${err.stack}\n` : '(set CANON_DEBUG=1 for the stack trace)\n')
  return EXIT.CHECK_FAILED
}
