import { existsSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { formatDiagnostic, isCanonError, type PromptDefinition } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import type { Command } from 'commander'
import pc from 'picocolors'
import { type CliContext, formatOption, type RegistryFlags, withRegistryOptions } from '../context'
import { createEvalGate } from '../eval-gate'
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

export type PublishOutcome = 'published' | 'unchanged' | 'conflict' | 'would-publish'

export interface PublishResult {
  name: string
  version: number
  file: string
  outcome: PublishOutcome
  digest?: string
  detail?: string
}

/**
 * Runs before anything is sent: the evaluation gate plugs in here. Returns the eval summary to
 * store with the version, or a failure that stops the publish of that prompt.
 */
export type PublishGate = (
  prompt: PromptDefinition,
  file: string,
) => Promise<{ ok: true; summary?: unknown } | { ok: false; reason: string }>

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
  let gateFailed = false

  for (const { file, prompt } of files) {
    const rel = relative(io.cwd, file)
    const base = { name: prompt.name, version: prompt.version, file: rel }
    let summary: unknown
    if (gate) {
      const verdict = await gate(prompt, file)
      if (!verdict.ok) {
        gateFailed = true
        results.push({ ...base, outcome: 'conflict', detail: `gate failed: ${verdict.reason}` })
        continue
      }
      summary = verdict.summary
    }
    if (options.dryRun) {
      results.push({ ...base, outcome: 'would-publish' })
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
  report(io, options.format, results, labelMoves)
  const failed = gateFailed || results.some((r) => r.outcome === 'conflict')
  return failed ? EXIT.CHECK_FAILED : EXIT.OK
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

function report(io: Io, format: OutputFormat, results: PublishResult[], moves: LabelMove[]) {
  if (format === 'json') {
    writeJson(io, { results, labels: moves })
    return
  }
  const color = io.interactive ? pc : pc.createColors(false)
  const paint: Record<PublishOutcome, (s: string) => string> = {
    published: color.green,
    unchanged: color.dim,
    conflict: color.red,
    'would-publish': color.cyan,
  }
  const width = Math.max(...results.map((r) => `${r.name} v${r.version}`.length), 10)
  for (const r of results) {
    const id = `${r.name} v${r.version}`.padEnd(width)
    const tail =
      r.outcome === 'conflict' ? r.detail : r.digest ? `sha256:${r.digest.slice(0, 12)}` : r.file
    io.out(`${paint[r.outcome](r.outcome.padEnd(13))} ${id}  ${tail ?? ''}\n`)
  }
  for (const m of moves)
    io.out(`${color.cyan('label'.padEnd(13))} ${m.name}@${m.label} → v${m.version}\n`)
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
  withEvalOptions(
    cmd,
    'provider the eval gate runs with (env CANON_EVAL_PROVIDER; default mock: the fixtures)',
  )
  withRegistryOptions(cmd.addOption(formatOption()))
    .addHelpText(
      'after',
      `
Before anything is sent, each new version runs its evaluation (offline on its fixtures unless
--provider says otherwise) and a version that fails the gate is refused; the eval summary is
stored with the version. Versions already in the registry are not evaluated again.

One line per prompt: published (new version), unchanged (same content already there) or
conflict (the version exists with other content: bump the version in the file). Publishing is
idempotent, so CI can run it on every push. Exit 1 on any conflict or failed gate.

Examples:
  $ pnpm canon publish prompts/ --label staging
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
        } & RegistryFlags &
          EvalFlags,
      ) => {
        const client = ctx.clientFor(opts)
        const gate = opts.skipEval
          ? undefined
          : createEvalGate(ctx.io, { ...opts, ...(opts.dryRun ? {} : { client }) })
        ctx.setExit(await publishCommand(ctx.io, paths, opts, client, gate))
      },
    )
}
