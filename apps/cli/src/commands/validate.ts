import { existsSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { type Diagnostic, formatDiagnostic } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import type { Command } from 'commander'
import pc from 'picocolors'
import { type CliContext, formatOption } from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import type { Io } from '../io'
import { startProgress } from '../progress'

export interface ValidateOptions {
  format: OutputFormat
  /** Treat warnings as failures. */
  strict?: boolean
}

/**
 * `canon validate [paths]`: every SPEC §1 rule over files and folders; every error of
 * every file is reported, not only the first.
 */
export async function validateCommand(
  io: Io,
  paths: string[],
  options: ValidateOptions,
): Promise<ExitCode> {
  const targets = paths.length > 0 ? paths : ['prompts']
  const missing = targets.filter((p) => !existsSync(resolve(io.cwd, p)))
  if (missing.length > 0) {
    io.err(`canon validate: no such file or folder: ${missing.join(', ')}\n`)
    return EXIT.USAGE
  }

  const progress = startProgress(io, 'validating')
  const raw = await validatePaths(
    targets.map((p) => resolve(io.cwd, p)),
    { onProgress: progress.update },
  ).finally(progress.stop)
  const result = relativize(raw, io.cwd)

  const failed = result.errorCount > 0 || (options.strict === true && result.warningCount > 0)

  if (options.format === 'json') {
    writeJson(io, {
      ok: !failed,
      errorCount: result.errorCount,
      warningCount: result.warningCount,
      files: result.files.map((f) => ({
        file: f.file,
        name: f.prompt?.name,
        version: f.prompt?.version,
        diagnostics: f.diagnostics,
      })),
    })
    return failed ? EXIT.CHECK_FAILED : EXIT.OK
  }

  const color = io.interactive ? pc : pc.createColors(false)
  const all: Diagnostic[] = result.files.flatMap((f) => f.diagnostics)
  for (const d of all) {
    const line = formatDiagnostic(d)
    io.out(`${d.severity === 'error' ? color.red(line) : color.yellow(line)}\n`)
  }
  const prompts = result.files.filter((f) => f.prompt).length
  const badFiles = result.files.filter((f) => f.diagnostics.some((d) => d.severity === 'error'))
  const warnings = result.warningCount > 0 ? `, ${plural(result.warningCount, 'warning')}` : ''
  if (result.errorCount > 0) {
    io.out(
      color.red(
        `✖ ${plural(result.errorCount, 'error')} in ${badFiles.length} of ${plural(result.files.length, 'file')}${warnings}\n`,
      ),
    )
  } else {
    io.out(color.green(`✔ ${plural(prompts, 'prompt')} valid${warnings}\n`))
  }
  return failed ? EXIT.CHECK_FAILED : EXIT.OK
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

type Validation = Awaited<ReturnType<typeof validatePaths>>

/** Paths as the user would type them from where they stand. */
function relativize(result: Validation, cwd: string): Validation {
  const rel = (file: string) => relative(cwd, file) || file
  return {
    ...result,
    files: result.files.map((f) => ({
      ...f,
      file: rel(f.file),
      diagnostics: f.diagnostics.map((d) => ({ ...d, file: rel(d.file) })),
    })),
  }
}

/** Registers `canon validate`. */
export function registerValidate(program: Command, ctx: CliContext): void {
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
      ctx.setExit(await validateCommand(ctx.io, paths, opts))
    })
}
