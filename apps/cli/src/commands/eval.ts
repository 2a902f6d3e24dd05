import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { type Diagnostic, formatDiagnostic, isCanonError, type PromptDefinition } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import {
  type BaselineSource,
  buildEvalReport,
  CACHE_MODES,
  type CacheMode,
  createFileCacheStore,
  DEFAULT_CACHE_DIR,
  DEFAULT_CONCURRENCY,
  type EvalEnvironment,
  type EvalReport,
  evalEnvironment,
  executeEvaluation,
  type PreparedEvaluation,
  type PromptEvaluation,
  type PromptTarget,
  parseEvalSummary,
  prepareEvaluation,
  renderHtmlReport,
  renderJsonReport,
  renderJunitReport,
  renderMarkdownReport,
  renderTerminalReport,
} from '@canon/eval'
import { type Command, InvalidArgumentError, Option } from 'commander'
import pc from 'picocolors'
import { type CliContext, formatOption, type RegistryFlags, withRegistryOptions } from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import type { OutputFormat } from '../format'
import type { Io } from '../io'
import { startProgress } from '../progress'
import type { RegistryClient } from '../registry-client'

export const REPORT_FORMATS = ['json', 'junit', 'markdown', 'html'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** How to evaluate: the flags `canon eval` and `canon publish` share. */
export interface EvalFlags {
  provider?: string
  model?: string
  judge?: string
  embeddings?: string
  allowSelfJudge?: boolean
  cache?: CacheMode
  cacheDir?: string
  concurrency?: number
  trials?: number
}

export interface EvalOptions extends EvalFlags, RegistryFlags {
  format: OutputFormat
  baseline?: string
  against?: string
  maxCost?: number
  report?: ReportFormat
  out?: string
}

/**
 * The evaluation environment for a set of flags. The provider comes from `--provider`, then
 * `CANON_EVAL_PROVIDER`, then `fallbackProvider` (undefined = each prompt's own `model.provider`).
 * The cache defaults to `record` for live providers and off for `mock` (its answers are files).
 */
export function evalEnvironmentFor(
  io: Io,
  flags: EvalFlags,
  fallbackProvider?: string,
): EvalEnvironment {
  const provider = flags.provider ?? (io.env.CANON_EVAL_PROVIDER || undefined) ?? fallbackProvider
  const mode = flags.cache ?? (provider === 'mock' ? 'off' : 'record')
  return evalEnvironment(
    {
      ...(provider ? { provider } : {}),
      ...(flags.model ? { model: flags.model } : {}),
      ...(flags.judge ? { judge: flags.judge } : {}),
      ...(flags.embeddings ? { embeddings: flags.embeddings } : {}),
      allowSelfJudge: flags.allowSelfJudge === true,
      env: io.env,
    },
    {
      concurrency: flags.concurrency ?? DEFAULT_CONCURRENCY,
      trials: flags.trials ?? 1,
      cwd: io.cwd,
      ...(mode === 'off'
        ? {}
        : {
            cache: {
              store: createFileCacheStore(resolve(io.cwd, flags.cacheDir ?? DEFAULT_CACHE_DIR)),
              mode,
            },
          }),
    },
  )
}

function usage(io: Io, message: string): ExitCode {
  io.err(`canon eval: ${message}\n`)
  return EXIT.USAGE
}

function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]) {
  for (const d of diagnostics) {
    const file = isAbsolute(d.file) ? relative(io.cwd, d.file) || d.file : d.file
    io.err(`${formatDiagnostic({ ...d, file })}\n`)
  }
}

/** Local prompt files with an `evaluation` block; with `--against`, the highest version per name. */
async function findTargets(
  io: Io,
  paths: string[],
  onePerName: boolean,
): Promise<PromptTarget[] | ExitCode> {
  const validation = await validatePaths(paths.map((p) => resolve(io.cwd, p)))
  if (validation.errorCount > 0) {
    printDiagnostics(
      io,
      validation.files.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error')),
    )
    io.err(`canon eval: nothing evaluated; fix the ${validation.errorCount} error(s) above\n`)
    return EXIT.CHECK_FAILED
  }
  const targets: PromptTarget[] = []
  for (const f of validation.files) {
    if (!f.prompt) continue
    if (!f.prompt.evaluation) {
      io.err(`canon eval: ${relative(io.cwd, f.file)}: no \`evaluation\` block, skipped\n`)
      continue
    }
    targets.push({ definition: f.prompt, file: f.file })
  }
  if (!onePerName) return targets
  const highest = new Map<string, PromptTarget>()
  for (const t of targets) {
    const seen = highest.get(t.definition.name)
    if (!seen || seen.definition.version < t.definition.version) highest.set(t.definition.name, t)
  }
  return [...highest.values()]
}

/** What `--baseline` / `--against` compare with, from the registry. */
export async function baselineFor(
  client: RegistryClient,
  target: PromptTarget,
  label: string,
  mode: 'baseline' | 'against',
): Promise<{ target: PromptTarget; source: BaselineSource }> {
  const name = target.definition.name
  let body: Awaited<ReturnType<RegistryClient['getLabel']>>['body']
  try {
    body = (await client.getLabel(name, label)).body
  } catch (err) {
    if (isCanonError(err) && err.code === 'NOT_FOUND') {
      const reason = `${name} has no label \`${label}\` in the registry at ${client.url}`
      return { target, source: { kind: 'missing', label, reason } }
    }
    throw err
  }
  const definition = body.definition as PromptDefinition
  if (mode === 'baseline') {
    return { target, source: { kind: 'version', label, definition, digest: body.digest } }
  }
  const parsed = parseEvalSummary(body.evalSummary)
  // `--against` re-runs the published definition, finding its dataset next to the local file.
  const published: PromptTarget = { definition, file: target.file }
  if (!parsed.ok) {
    const reason = `${name}@${label} (v${body.version}): ${parsed.error}`
    return { target: published, source: { kind: 'missing', label, reason } }
  }
  return {
    target: published,
    source: { kind: 'summary', label, version: body.version, summary: parsed.summary },
  }
}

function replayMisses(evaluations: readonly PromptEvaluation[]): string[] {
  return evaluations.flatMap((e) =>
    e.run.cases
      .filter((c) => c.error?.kind === 'cache-miss')
      .map((c) => `${e.run.prompt.name} v${e.run.prompt.version} ${c.id}`),
  )
}

async function writeReport(io: Io, report: EvalReport, options: EvalOptions): Promise<void> {
  const render = {
    json: renderJsonReport,
    junit: renderJunitReport,
    markdown: (r: EvalReport) => renderMarkdownReport(r),
    html: renderHtmlReport,
  }[options.report as ReportFormat]
  const text = render(report)
  if (!options.out) {
    io.out(text)
    return
  }
  const path = resolve(io.cwd, options.out)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text, 'utf8')
  io.err(`canon eval: wrote the ${options.report} report to ${relative(io.cwd, path) || path}\n`)
}

/** Errors that mean "fix your setup" (exit 2) rather than "the prompt is wrong" (exit 1). */
const CONFIG_CODES = new Set([
  'CONFIG_INVALID',
  'BAD_REQUEST',
  'UNAVAILABLE',
  'UNAUTHORIZED',
  'FORBIDDEN',
])

const EXIT_FOR = {
  pass: EXIT.OK,
  fail: EXIT.CHECK_FAILED,
  inconclusive: EXIT.INCONCLUSIVE,
} as const

/** Loads datasets, fetches baselines and plans every prompt; an exit code when that fails. */
async function prepareAll(
  ctx: CliContext,
  found: readonly PromptTarget[],
  options: EvalOptions,
): Promise<PreparedEvaluation[] | ExitCode> {
  const { io } = ctx
  try {
    const env = evalEnvironmentFor(io, options)
    const label = options.baseline ?? options.against
    const client = label ? ctx.clientFor(options) : undefined
    const mode = options.baseline ? 'baseline' : 'against'
    const problems: Diagnostic[] = []
    const prepared: PreparedEvaluation[] = []
    for (const local of found) {
      const { target, source } =
        client && label
          ? await baselineFor(client, local, label, mode)
          : { target: local, source: undefined }
      const result = await prepareEvaluation(env, target, source)
      if ('diagnostics' in result) problems.push(...result.diagnostics)
      else prepared.push(result)
    }
    if (problems.length === 0) return prepared
    printDiagnostics(io, problems)
    io.err('canon eval: nothing evaluated; fix the dataset and fixture errors above\n')
    return EXIT.CHECK_FAILED
  } catch (err) {
    if (!isCanonError(err)) throw err
    io.err(`canon eval: ${err.message}\n`)
    return CONFIG_CODES.has(err.code) ? EXIT.USAGE : EXIT.CHECK_FAILED
  }
}

/** Before a run that costs money, says how much it is expected to cost. */
function announceEstimate(io: Io, prepared: readonly PreparedEvaluation[]) {
  const calls = prepared.reduce(
    (n, p) => n + p.plan.estimate.calls + (p.baseline?.plan?.estimate.calls ?? 0),
    0,
  )
  const judged = prepared.reduce(
    (n, p) => n + p.plan.estimate.judgeCalls + (p.baseline?.plan?.estimate.judgeCalls ?? 0),
    0,
  )
  const unknown = prepared.some((p) => p.costUsd === undefined)
  const usd = prepared.reduce((s, p) => s + (p.costUsd ?? 0), 0)
  if (usd === 0 && !unknown) return
  const judges = judged > 0 ? ` and ${judged} judge calls` : ''
  const cost = unknown ? 'cost unknown (a model has no price)' : `estimated $${usd.toFixed(4)}`
  io.err(`canon eval: ${calls} model calls${judges}, ${cost}\n`)
}

/**
 * `canon eval [paths]`: evaluates every prompt with an `evaluation` block, gates it (optionally
 * against a labelled version, or against the summary stored at publish time), and reports.
 * Exit 0 pass, 1 gate failed, 2 usage or configuration, 3 inconclusive.
 */
export async function evalCommand(
  ctx: CliContext,
  paths: string[],
  options: EvalOptions,
): Promise<ExitCode> {
  const { io } = ctx
  const targets = paths.length > 0 ? paths : ['prompts']
  const missing = targets.filter((p) => !existsSync(resolve(io.cwd, p)))
  if (missing.length > 0) return usage(io, `no such file or folder: ${missing.join(', ')}`)
  if (options.baseline && options.against) {
    return usage(io, '--baseline and --against are two different comparisons; pass one')
  }
  if (options.out && !options.report) {
    return usage(io, '--out needs --report json|junit|markdown|html')
  }
  const startedAt = new Date()
  const t0 = performance.now()
  const found = await findTargets(io, targets, options.against !== undefined)
  if (typeof found === 'number') return found
  if (found.length === 0) {
    return usage(io, `no prompt with an \`evaluation\` block under ${targets.join(', ')}`)
  }

  const prepared = await prepareAll(ctx, found, options)
  if (typeof prepared === 'number') return prepared
  const costCheck = checkCost(prepared, options.maxCost)
  if (costCheck) return usage(io, costCheck)
  announceEstimate(io, prepared)

  const steps = prepared.reduce((n, p) => n + p.steps, 0)
  const progress = startProgress(io, 'evaluating', 1)
  let done = 0
  const evaluations: PromptEvaluation[] = []
  try {
    for (const p of prepared) {
      evaluations.push(
        await executeEvaluation(p, {
          cwd: io.cwd,
          onStep: () => progress.update(++done, steps),
        }),
      )
    }
  } finally {
    progress.stop()
  }

  const misses = replayMisses(evaluations)
  if (misses.length > 0) {
    const shown = misses.slice(0, 5).join(', ')
    return usage(
      io,
      `--cache replay: ${misses.length} case(s) have no recorded response (${shown}${misses.length > 5 ? ', …' : ''}); nothing was sent to a provider. Record them once with --cache record`,
    )
  }

  const report = buildEvalReport(evaluations, startedAt, performance.now() - t0)
  if (options.report && !options.out) {
    await writeReport(io, report, options)
  } else {
    if (options.report) await writeReport(io, report, options)
    if (options.format === 'json') io.out(renderJsonReport(report))
    else io.out(renderTerminalReport(report, { color: io.interactive ? pc : undefined }))
  }
  return EXIT_FOR[report.outcome]
}

/** `--max-cost` is a hard stop before any call; `undefined` when the run may go ahead. */
function checkCost(prepared: readonly PreparedEvaluation[], maxCost: number | undefined) {
  if (maxCost === undefined) return undefined
  const unpriced = [...new Set(prepared.flatMap((p) => p.unpricedModels))]
  if (unpriced.length > 0) {
    return `cannot check --max-cost: no price is known for ${unpriced.join(', ')}; nothing was sent`
  }
  const total = prepared.reduce((s, p) => s + (p.costUsd ?? 0), 0)
  if (total <= maxCost) return undefined
  const parts = prepared
    .filter((p) => (p.costUsd ?? 0) > 0)
    .map(
      (p) =>
        `${p.target.definition.name} v${p.target.definition.version} $${(p.costUsd ?? 0).toFixed(4)}`,
    )
  return `estimated cost $${total.toFixed(4)} is over --max-cost $${maxCost} (${parts.join(', ')}); nothing was sent`
}

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} must be a whole number ≥ 1`)
    return n
  }
}

function usdAmount(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('must be an amount in USD, e.g. 0.50')
  return n
}

/** The evaluation flags, shared with `canon publish`. */
export function withEvalOptions(cmd: Command, providerHelp: string): Command {
  return cmd
    .option('--provider <id>', providerHelp)
    .option('--model <model>', "model under test, overriding each prompt's model.name")
    .option(
      '--judge <provider:model>',
      'judge for llm-rubric (default evaluation.judge; with --provider mock, the recorded verdicts)',
    )
    .option(
      '--embeddings <provider:model>',
      'embeddings for similar (default evaluation.embeddings)',
    )
    .option(
      '--allow-self-judge',
      'let the model under test grade its own answers (biased; off by default)',
    )
    .addOption(
      new Option(
        '--cache <mode>',
        'response cache: replay (never call, fail on a miss), record (call on a miss and store), off',
      ).choices(CACHE_MODES as string[]),
    )
    .option('--cache-dir <dir>', `where cached responses live (default ${DEFAULT_CACHE_DIR})`)
    .option(
      '--concurrency <n>',
      `calls in flight at once (default ${DEFAULT_CONCURRENCY})`,
      positiveInt('--concurrency'),
    )
}

/** Registers `canon eval`. */
export function registerEval(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('eval')
    .description(
      "run each prompt's golden dataset, grade every answer and apply the gate (default: prompts/)",
    )
    .argument('[paths...]', 'prompt files or folders', [])
  withEvalOptions(
    cmd,
    "provider of the model under test: openai, anthropic, mock, ollama, … (env CANON_EVAL_PROVIDER; default each prompt's model.provider)",
  )
    .option(
      '--trials <n>',
      'repeats per case (each cached separately; a case passes only if every trial does)',
      positiveInt('--trials'),
    )
    .option(
      '--baseline <label>',
      'also run the version this label points at on the same cases and compare (McNemar + paired bootstrap)',
    )
    .option(
      '--against <label>',
      're-run the version this label points at and compare with the summary stored when it was published (prompt rot)',
    )
    .option(
      '--max-cost <usd>',
      'refuse to start when the estimated cost is higher (a hard stop before any call)',
      usdAmount,
    )
    .addOption(
      new Option(
        '--report <format>',
        'also write a report: json (everything), junit (CI test tabs), markdown (PR comment), html (one page for reviewers, e.g. a CI artifact)',
      ).choices([...REPORT_FORMATS]),
    )
    .option('--out <file>', 'where --report goes (default: stdout, instead of the summary)')
    .addOption(formatOption())
  withRegistryOptions(cmd)
    .addHelpText(
      'after',
      `
Each prompt's evaluation block names its dataset, assertions and gate. Every case is rendered
strictly, sent to the model, and graded; the gate passes when the weighted pass rate reaches
gate.min_pass_rate and every critical case passes. With --baseline, the candidate must also not
be worse than the labelled version by more than gate.margin on the same cases.

Offline (--provider mock), answers come from evaluation.fixtures (or each case's "output") and
llm-rubric verdicts from the "judge" field of the fixture lines; nothing is called.

Exit codes: 0 pass, 1 gate failed, 2 usage or configuration (including --max-cost and replay
cache misses), 3 inconclusive (not enough evidence against the baseline).

Examples:
  $ pnpm canon eval prompts/ --provider mock                       # what CI runs, offline
  $ pnpm canon eval prompts/summarize_support_ticket.v2.yaml \\
      --baseline production --judge anthropic:claude-3-5-haiku-latest --max-cost 0.50
  $ pnpm canon eval prompts/ --cache replay --report junit --out reports/eval.xml
  $ pnpm canon eval prompts/ --provider mock --report markdown > comment.md
  $ pnpm canon eval prompts/ --provider mock --report html --out reports/eval.html
  $ pnpm canon eval prompts/ --against production --model gpt-4.1-mini   # prompt rot check`,
    )
    .action(async (paths: string[], opts: EvalOptions) => {
      ctx.setExit(await evalCommand(ctx, paths, opts))
    })
}
