import { existsSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { formatDiagnostic, isCanonError, type PromptDefinition, promptDigest } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import type { Command } from 'commander'
import pc from 'picocolors'
import { type CliContext, formatOption, type RegistryFlags, withRegistryOptions } from '../context'
import { createEvalGate, DEFAULT_BASELINE_LABEL } from '../eval-gate'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import { gitSource } from '../git'
import type { Io } from '../io'
import type { RegistryClient, VersionResponse } from '../registry-client'
import { type EvalFlags, withEvalOptions } from './eval'

export interface PublishOptions {
  format: OutputFormat
  label?: string
  dryRun?: boolean
}

/**
 * One line per prompt version: `published` (new), `unchanged` (the same content is already
 * there), `conflict` (the version exists with other content), `rejected` (the gate failed or it
 * regressed against its baseline), `inconclusive` (not enough evidence against the baseline), or
 * `would-publish` (a dry run).
 */
export type PublishOutcome =
  | 'published'
  | 'unchanged'
  | 'conflict'
  | 'rejected'
  | 'inconclusive'
  | 'would-publish'

/** What a candidate was compared with before it was published. */
export type BaselineCheck =
  /** Paired with the version `label` points at, on the same cases (McNemar + paired bootstrap). */
  | {
      kind: 'compared'
      label: string
      version: number
      digest: string
      verdict: 'pass' | 'fail' | 'inconclusive'
    }
  /** The label points at no version of this prompt yet (a first publish): only the absolute gate. */
  | { kind: 'no-label'; label: string; reason: string }
  /** `--baseline none`: not compared with anything. */
  | { kind: 'skipped' }

export interface PublishResult {
  name: string
  version: number
  file: string
  outcome: PublishOutcome
  digest?: string
  detail?: string
  baseline?: BaselineCheck
}

/** What the gate decided about one version. */
export type GateVerdict =
  | { ok: true; summary?: unknown; baseline?: BaselineCheck; note?: string }
  | { ok: false; reason: string; inconclusive?: boolean; baseline?: BaselineCheck }

/**
 * Runs before anything is sent: the evaluation gate plugs in here. Returns the eval summary to
 * store with the version, or a failure that stops the publish of that prompt.
 */
export type PublishGate = (prompt: PromptDefinition, file: string) => Promise<GateVerdict>

/** Whether this version is in the registry already: same content, other content, or not at all. */
async function publishedState(
  client: RegistryClient,
  prompt: PromptDefinition,
): Promise<{ outcome: 'unchanged' | 'conflict'; digest: string } | undefined> {
  try {
    const { body } = await client.getVersion(prompt.name, prompt.version)
    const outcome = body.digest === promptDigest(prompt) ? 'unchanged' : 'conflict'
    return { outcome, digest: body.digest }
  } catch (err) {
    if (isCanonError(err) && err.code === 'NOT_FOUND') return undefined
    if (!isCanonError(err) || err.code !== 'GONE') throw err
    // A retired version answers 410; the prompt's version list still has its digest.
    const { body } = await client.request<{ versions: Array<{ version: number; digest: string }> }>(
      'GET',
      `/v1/prompts/${encodeURIComponent(prompt.name)}`,
    )
    const digest = body.versions.find((v) => v.version === prompt.version)?.digest ?? ''
    return { outcome: digest === promptDigest(prompt) ? 'unchanged' : 'conflict', digest }
  }
}

/**
 * `canon publish [paths] [--label l]`: validate → gate → publish, one line per prompt
 * (published / unchanged / conflict). Idempotent: publishing the same content again is
 * `unchanged`. A conflict (same version, other content) exits 1 and says which version to bump to.
 */
export async function publishCommand(
  io: Io,
  paths: string[],
  options: PublishOptions,
  client: RegistryClient,
  gate?: PublishGate,
): Promise<ExitCode> {
  const targets = paths.length > 0 ? paths : ['prompts']
  const missing = targets.filter((p) => !existsSync(resolve(io.cwd, p)))
  if (missing.length > 0) {
    io.err(`canon publish: no such file or folder: ${missing.join(', ')}\n`)
    return EXIT.USAGE
  }
  const validation = await validatePaths(targets.map((p) => resolve(io.cwd, p)))
  if (validation.errorCount > 0) {
    for (const f of validation.files) {
      for (const d of f.diagnostics.filter((x) => x.severity === 'error')) {
        io.err(`${formatDiagnostic({ ...d, file: relative(io.cwd, d.file) })}\n`)
      }
    }
    io.err(`canon publish: nothing published; fix the ${validation.errorCount} error(s) above\n`)
    return EXIT.CHECK_FAILED
  }

  const results: PublishResult[] = []
  const files = validation.files.flatMap((f) =>
    f.prompt ? [{ file: f.file, prompt: f.prompt }] : [],
  )
  files.sort(
    (a, b) => a.prompt.name.localeCompare(b.prompt.name) || a.prompt.version - b.prompt.version,
  )
  for (const { file, prompt } of files) {
    const rel = relative(io.cwd, file)
    const base = { name: prompt.name, version: prompt.version, file: rel }
    // Versions already in the registry are not evaluated again: CI publishes on every push, and
    // only new versions should cost an evaluation. A real publish still sends them (idempotent).
    const existing = await publishedState(client, prompt)
    if (existing && options.dryRun) {
      results.push({
        ...base,
        outcome: existing.outcome,
        digest: existing.digest,
        ...(existing.outcome === 'conflict'
          ? {
              detail: `${prompt.name} v${prompt.version} is already published with other content (sha256:${existing.digest.slice(0, 12)}); bump the version in the file`,
            }
          : {}),
      })
      continue
    }
    let summary: unknown
    let baseline: BaselineCheck | undefined
    if (gate && !existing) {
      const verdict = await gate(prompt, file)
      baseline = verdict.baseline
      if (!verdict.ok) {
        results.push({
          ...base,
          outcome: verdict.inconclusive ? 'inconclusive' : 'rejected',
          detail: verdict.reason,
          ...(baseline ? { baseline } : {}),
        })
        continue
      }
      if (verdict.note) {
        io.err(
          `canon publish: warning: ${prompt.name} v${prompt.version} is inconclusive against its baseline and published anyway (--allow-inconclusive): ${verdict.note}\n`,
        )
      }
      summary = verdict.summary
    }
    const checked = baseline ? { baseline } : {}
    if (options.dryRun) {
      results.push({ ...base, outcome: 'would-publish', ...checked })
      continue
    }
    try {
      const res = await client.request<VersionResponse>(
        'PUT',
        `/v1/prompts/${encodeURIComponent(prompt.name)}/versions/${prompt.version}`,
        {
          definition: prompt,
          source: gitSource(io.cwd, file),
          ...(summary === undefined ? {} : { evalSummary: summary }),
        },
      )
      results.push({
        ...base,
        outcome: res.status === 201 ? 'published' : 'unchanged',
        digest: res.body.digest,
        ...checked,
      })
    } catch (err) {
      if (isCanonError(err) && err.code === 'CONFLICT') {
        results.push({ ...base, outcome: 'conflict', detail: err.message })
      } else {
        throw err
      }
    }
  }

  const labelMoves =
    options.label && !options.dryRun ? await moveLabels(client, results, options.label) : []
  const warnings: string[] = []
  if (results.some((r) => r.baseline?.kind === 'skipped')) {
    warnings.push(
      '--baseline none: these versions were not compared with the version any label points at, so a regression is not caught',
    )
  }
  const sent = results.some((r) => r.outcome === 'published' || r.outcome === 'would-publish')
  if (!gate && sent) {
    warnings.push(
      '--skip-eval: new versions go out without their evaluation or a comparison with the version any label points at',
    )
  }
  for (const w of warnings) io.err(`canon publish: WARNING: ${w}\n`)
  report(io, options.format, results, labelMoves, warnings)
  if (results.some((r) => r.outcome === 'conflict' || r.outcome === 'rejected')) {
    return EXIT.CHECK_FAILED
  }
  return results.some((r) => r.outcome === 'inconclusive') ? EXIT.INCONCLUSIVE : EXIT.OK
}

interface LabelMove {
  name: string
  label: string
  version: number
}

/** `--label` points each prompt's label at the highest version just published or unchanged. */
async function moveLabels(client: RegistryClient, results: PublishResult[], label: string) {
  const highest = new Map<string, number>()
  for (const r of results) {
    if (r.outcome !== 'published' && r.outcome !== 'unchanged') continue
    highest.set(r.name, Math.max(highest.get(r.name) ?? 0, r.version))
  }
  const moves: LabelMove[] = []
  for (const [name, version] of highest) {
    await client.request(
      'PUT',
      `/v1/prompts/${encodeURIComponent(name)}/labels/${encodeURIComponent(label)}`,
      {
        version,
      },
    )
    moves.push({ name, label, version })
  }
  return moves
}

/** How the comparison with the baseline went, in a few words for the result line. */
function baselineText(b: BaselineCheck | undefined): string | undefined {
  if (!b) return undefined
  if (b.kind === 'skipped') return 'not compared with any label (--baseline none)'
  if (b.kind === 'no-label') {
    return `no baseline: \`${b.label}\` points at no version of it yet; only the absolute gate applied`
  }
  const what = { pass: 'not worse than', fail: 'worse than', inconclusive: 'undecided against' }
  return `${what[b.verdict]} ${b.label} (v${b.version}, sha256:${b.digest.slice(0, 12)})`
}

function report(
  io: Io,
  format: OutputFormat,
  results: PublishResult[],
  moves: LabelMove[],
  warnings: string[],
) {
  if (format === 'json') {
    writeJson(io, { results, labels: moves, warnings })
    return
  }
  const color = io.interactive ? pc : pc.createColors(false)
  const paint: Record<PublishOutcome, (s: string) => string> = {
    published: color.green,
    unchanged: color.dim,
    conflict: color.red,
    rejected: color.red,
    inconclusive: color.yellow,
    'would-publish': color.cyan,
  }
  const width = Math.max(...results.map((r) => `${r.name} v${r.version}`.length), 10)
  for (const r of results) {
    const id = `${r.name} v${r.version}`.padEnd(width)
    const tail = r.detail ?? (r.digest ? `sha256:${r.digest.slice(0, 12)}` : r.file)
    io.out(`${paint[r.outcome](r.outcome.padEnd(13))} ${id}  ${tail}\n`)
    const compared = baselineText(r.baseline)
    if (compared) io.out(`${' '.repeat(14)}${compared}\n`)
    if (r.outcome === 'inconclusive') {
      io.out(`${' '.repeat(14)}add cases to decide, or publish anyway with --allow-inconclusive\n`)
    }
  }
  for (const m of moves)
    io.out(`${color.cyan('label'.padEnd(13))} ${m.name}@${m.label} → v${m.version}\n`)
  for (const w of warnings) io.out(`${color.yellow(color.bold(`WARNING: ${w}`))}\n`)
  if (results.length === 0) io.out('no prompts found\n')
}

/** Registers `canon publish`. */
export function registerPublish(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('publish')
    .description('validate, gate and publish prompts to the registry (default: prompts/)')
    .argument('[paths...]', 'files or folders to publish', [])
    .option('--label <label>', 'then point this label at the highest version of each prompt')
    .option('--dry-run', 'validate and gate, but send nothing')
    .option('--skip-eval', 'publish without running the eval gate (no eval summary is stored)')
    .option(
      '--baseline <label>',
      `compare each new version with the one this label points at (default: --label, else ${DEFAULT_BASELINE_LABEL}); \`none\` skips the comparison`,
    )
    .option(
      '--allow-inconclusive',
      'publish a version whose comparison with the baseline is inconclusive (default: refuse it, exit 3)',
    )
  withEvalOptions(
    cmd,
    'provider the eval gate runs with (env CANON_EVAL_PROVIDER; default mock: the fixtures)',
  )
  withRegistryOptions(cmd.addOption(formatOption()))
    .addHelpText(
      'after',
      `
Before anything is sent, each new version runs its evaluation (offline on its fixtures unless
--provider says otherwise) and a version that fails the gate is refused. It is also compared
with the version the label points at now (--label, default production; --baseline names
another), on the same cases, as \`canon eval --baseline\` does: exact McNemar on pass/fail and a
paired bootstrap on scores. Significantly worse: rejected (exit 1). Not enough evidence either
way: inconclusive (exit 3), unless --allow-inconclusive. A prompt the label does not point at yet
has nothing to compare with and only the absolute gate applies. The eval summary stored with the
version records the baseline it was compared with. Versions already in the registry are not
evaluated again.

One line per prompt: published (new version), unchanged (same content already there),
conflict (the version exists with other content: bump the version in the file), rejected or
inconclusive (nothing sent). Publishing is idempotent, so CI can run it on every push. Exit 1 on
any conflict or rejection, else 3 when a version was inconclusive.

Examples:
  $ pnpm canon publish prompts/ --label staging
  $ pnpm canon publish prompts/ --label production --dry-run        # what would happen, sends nothing
  $ pnpm canon publish prompts/new_prompt.v1.yaml --baseline none   # no comparison (says so loudly)
  $ pnpm canon publish prompts/ --provider openai --cache replay   # gate on recorded answers
  $ CANON_REGISTRY_URL=https://canon.internal CANON_API_KEY=... pnpm canon publish --format json`,
    )
    .action(
      async (
        paths: string[],
        opts: {
          format: OutputFormat
          label?: string
          dryRun?: boolean
          skipEval?: boolean
          baseline?: string
          allowInconclusive?: boolean
        } & RegistryFlags &
          EvalFlags,
      ) => {
        const client = ctx.clientFor(opts)
        const label = opts.baseline ?? opts.label ?? DEFAULT_BASELINE_LABEL
        const gate = opts.skipEval
          ? undefined
          : createEvalGate(ctx.io, {
              ...opts,
              client,
              baseline: label === 'none' ? null : label,
              allowInconclusive: opts.allowInconclusive === true,
            })
        ctx.setExit(await publishCommand(ctx.io, paths, opts, client, gate))
      },
    )
}
