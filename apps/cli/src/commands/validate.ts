import { existsSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
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
 * `canon validate [paths]`: every rule of the prompt format over files and folders, and every
 * dataset case against `budget.max_input_tokens`; every error of every file is reported, not
 * only the first.
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
  const result = relativize(await checkDatasetBudgets(raw, io.cwd), io.cwd)

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

type Validation = Awaited<ReturnType<typeof validatePaths>>

/**
 * `budget.max_input_tokens` over the rendered cases of each valid prompt's dataset, counted as
 * `canon eval` counts them. An over-budget case is an error at the budget key, naming the case
 * and its token count; a dataset that does not load or a case that does not render is an error
 * where it is.
 */
async function checkDatasetBudgets(result: Validation, cwd: string): Promise<Validation> {
  const needed = result.files.some((f) => f.prompt?.budget?.max_input_tokens && f.prompt.evaluation)
  if (!needed) return result
  // Loaded only when a prompt has a token budget: the tokenizers are large.
  const { datasetBudget } = await import('@canon/eval/budget')
  let errorCount = result.errorCount
  const files = await Promise.all(
    result.files.map(async (f) => {
      if (!f.prompt) return f
      const checked = await datasetBudget(f.prompt, { dir: dirname(f.file) })
      if (!checked || (checked.over.length === 0 && checked.diagnostics.length === 0)) return f
      const at = f.positions?.locate('budget.max_input_tokens').value ?? { line: 1, col: 1 }
      const dataset = relative(cwd, checked.datasetFile) || checked.datasetFile
      const found: Diagnostic[] = checked.over.map((c) => ({
        file: f.file,
        ...at,
        severity: 'error',
        code: 'over-budget',
        message: `dataset case \`${c.id}\` (${dataset}:${c.line}) renders to ${c.tokens} input tokens for ${checked.model || 'the default tokenizer'}, over budget.max_input_tokens ${c.limit}`,
      }))
      const diagnostics = [...f.diagnostics, ...found, ...checked.diagnostics]
      errorCount += found.length + checked.diagnostics.length
      const { prompt: _invalid, ...rest } = f
      return { ...rest, diagnostics }
    }),
  )
  return { ...result, files, errorCount }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

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
