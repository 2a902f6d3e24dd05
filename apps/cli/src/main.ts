import { Command, CommanderError } from 'commander'
import type { CliContext } from './context'
import { EXIT, type ExitCode } from './exit-codes'
import { type Io, processIo } from './io'

type Register = (program: Command, ctx: CliContext) => void

/**
 * Every command, in help order, and how to load it. A command's module (and what it imports:
 * the registry, the database, the tokenizers) is imported only when that command runs, so
 * `canon validate` never loads the server and `canon --help` loads almost nothing.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import('./commands/validate')).registerValidate,
  render: async () => (await import('./commands/render')).registerRender,
  eval: async () => (await import('./commands/eval')).registerEval,
  publish: async () => (await import('./commands/publish')).registerPublish,
  label: async () => (await import('./commands/label')).registerLabel,
  diff: async () => (await import('./commands/diff')).registerDiff,
  pull: async () => (await import('./commands/pull')).registerPull,
  keys: async () => (await import('./commands/keys')).registerKeys,
  serve: async () => (await import('./commands/serve')).registerServe,
  codegen: async () => (await import('./commands/codegen')).registerCodegen,
  rollout: async () => (await import('./commands/rollout')).registerRollout,
}

/**
 * The commands `argv` needs: the one it names (`canon validate …`, `canon help validate`),
 * none for `--version`, and all of them otherwise (the root help, an unknown command's
 * suggestions).
 */
function commandsFor(argv: readonly string[]): Array<() => Promise<Register>> {
  const [first, second] = argv
  const named = first === 'help' ? second : first
  if (named !== undefined && Object.hasOwn(COMMANDS, named)) {
    return [COMMANDS[named] as () => Promise<Register>]
  }
  if (argv.length === 1 && (first === '-v' || first === '--version')) return []
  return Object.values(COMMANDS)
}

/**
 * The root help text, defined by the bundle's build (`build.ts` renders it from the source's
 * `run(['--help'])`), so printing it imports no command. Undefined when running from source.
 */
declare const __CANON_ROOT_HELP__: string | undefined
const ROOT_HELP = typeof __CANON_ROOT_HELP__ === 'string' ? __CANON_ROOT_HELP__ : undefined

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
  $ npx canon validate                      # every prompt under prompts/
  $ npx canon render prompts/summarize_support_ticket.v2.yaml \\
      --var support_ticket_text="My invoice is wrong" --var output_format=summary`,
    )

  if (ROOT_HELP !== undefined && argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    // The bundle's root help, rendered at build time from these same definitions.
    io.out(ROOT_HELP)
    return EXIT.OK
  }

  // Imported here, not at the top: the root help above needs neither (nor what they import).
  const { createContext } = await import('./context')
  const ctx = createContext(io, (code) => {
    exitCode = code
  })
  for (const load of commandsFor(argv)) (await load())(program, ctx)

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (err) {
    return await handleError(io, err, io.env.CANON_DEBUG === '1')
  }
}

async function handleError(io: Io, err: unknown, debug: boolean): Promise<ExitCode> {
  if (err instanceof CommanderError) {
    // commander already printed the message; help and version are successes.
    return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE
  }
  const { isCanonError } = await import('@canon/core')
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
