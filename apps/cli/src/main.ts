import { isCanonError } from '@canon/core'
import { Command, CommanderError } from 'commander'
import { registerCodegen } from './commands/codegen'
import { registerDiff } from './commands/diff'
import { registerEval } from './commands/eval'
import { registerKeys } from './commands/keys'
import { registerLabel } from './commands/label'
import { registerPublish } from './commands/publish'
import { registerPull } from './commands/pull'
import { registerRender } from './commands/render'
import { registerRollout } from './commands/rollout'
import { registerServe } from './commands/serve'
import { registerValidate } from './commands/validate'
import { createContext } from './context'
import { EXIT, type ExitCode } from './exit-codes'
import { type Io, processIo } from './io'

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

  const ctx = createContext(io, (code) => {
    exitCode = code
  })
  for (const register of [
    registerValidate,
    registerRender,
    registerEval,
    registerPublish,
    registerLabel,
    registerDiff,
    registerPull,
    registerKeys,
    registerServe,
    registerCodegen,
    registerRollout,
  ]) {
    register(program, ctx)
  }

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (err) {
    return handleError(io, err, io.env.CANON_DEBUG === '1')
  }
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
