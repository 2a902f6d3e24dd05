import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { formatDiagnostic, isCanonError } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import { generatePromptTypes } from '@canon/sdk/codegen'
import type { Command } from 'commander'
import { type CliContext, formatOption, requiredOption } from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import type { Io } from '../io'

export interface CodegenOptions {
  out: string
  format: OutputFormat
}

/**
 * `canon codegen --out f.ts [paths]`: TypeScript types of every prompt version's inputs for
 * `@canon/sdk`, so `prompt.render(vars)` checks variable names and types at compile time.
 * Invalid prompt files fail the command and no file is written.
 */
export async function codegenCommand(
  io: Io,
  paths: string[],
  options: CodegenOptions,
): Promise<ExitCode> {
  const targets = paths.length > 0 ? paths : ['prompts']
  const missing = targets.filter((p) => !existsSync(resolve(io.cwd, p)))
  if (missing.length > 0) {
    io.err(`canon codegen: no such file or folder: ${missing.join(', ')}\n`)
    return EXIT.USAGE
  }
  const result = await validatePaths(targets.map((p) => resolve(io.cwd, p)))
  const errors = result.files.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error'))
  if (errors.length > 0) {
    for (const d of errors)
      io.err(`${formatDiagnostic({ ...d, file: relative(io.cwd, d.file) || d.file })}\n`)
    io.err(
      `canon codegen: ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them (canon validate) and run again\n`,
    )
    return EXIT.CHECK_FAILED
  }
  const definitions = result.files.flatMap((f) => (f.prompt ? [f.prompt] : []))
  let text: string
  try {
    text = generatePromptTypes(definitions, { source: targets.join(', ') })
  } catch (err) {
    if (!isCanonError(err)) throw err
    io.err(`canon codegen: ${err.message}\n`)
    return EXIT.CHECK_FAILED
  }
  const names = new Set(definitions.map((d) => d.name))
  if (options.out === '-') {
    io.out(text)
    return EXIT.OK
  }
  const out = resolve(io.cwd, options.out)
  mkdirSync(dirname(out), { recursive: true })
  const tmp = `${out}.${process.pid}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, out)
  if (options.format === 'json') {
    writeJson(io, { out: options.out, prompts: names.size, versions: definitions.length })
  } else {
    io.out(
      `wrote types of ${names.size} prompt${names.size === 1 ? '' : 's'} (${definitions.length} version${definitions.length === 1 ? '' : 's'}) to ${options.out}\n`,
    )
  }
  return EXIT.OK
}

/** Registers `canon codegen`. */
export function registerCodegen(program: Command, ctx: CliContext): void {
  program
    .command('codegen')
    .description("write TypeScript types of every prompt's inputs, for @canon/sdk")
    .argument('[paths...]', 'prompt files or folders (default: prompts/)', [])
    .usage('--out <file> [options] [paths...]')
    .addOption(requiredOption('--out <file>', 'the .ts file to write (- for standard output)'))
    .addOption(formatOption())
    .addHelpText(
      'after',
      `
The file augments @canon/sdk's CanonPrompts: include it in your app's TypeScript
program and canon.get('Name').render({...}) rejects missing, misspelled or wrongly
typed variables (enums become unions). Every version of every prompt is typed; narrow
on prompt.version when versions take different variables.

Examples:
  $ pnpm canon codegen --out src/canon-prompts.ts
  $ pnpm canon codegen prompts/support --out src/support-prompts.ts --format json`,
    )
    .action(async (paths: string[], opts: CodegenOptions) => {
      ctx.setExit(await codegenCommand(ctx.io, paths, opts))
    })
}
