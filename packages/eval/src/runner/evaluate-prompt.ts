/**
 * One prompt from file to verdict: load its dataset (and fixtures offline), resolve providers,
 * plan (estimate) the candidate and its baseline, then run both and gate. Planning and running
 * are separate steps so a caller can check the total cost of many prompts before any call.
 * @module
 */
import { relative, resolve } from 'node:path'
import { CanonError, type Diagnostic, type PromptDefinition } from '@canon/core'
import type { CacheMode, CacheStore } from '../cache/types'
import { evaluateGate } from '../gate/evaluate-gate'
import type { CaseResult } from '../gate/types'
import { buildEvalSummary } from '../summary/build-summary'
import type { EvalSummary } from '../summary/types'
import {
  type EvalProviders,
  type EvalSettings,
  evalProviderResolver,
  usesFixtures,
} from './eval-providers'
import type { BaselineReport, PromptEvaluation } from './evaluation'
import { toCaseResults } from './evaluation'
import { type LoadedSuite, loadFixturesFile, loadSuite } from './load-suite'
import type { RunEvalOptions } from './options'
import { type EvalPlan, planEval } from './plan-eval'
import { runEval } from './run-eval'

/** Shared by every prompt of one `canon eval`. */
export interface EvalEnvironment {
  settings: EvalSettings
  resolveProviders: (
    def: PromptDefinition,
    suite: Pick<LoadedSuite, 'cases' | 'fixtures'>,
  ) => EvalProviders
  concurrency?: number
  trials?: number
  /** Response cache; leave unset to call providers every time. */
  cache?: { store: CacheStore; mode: CacheMode }
  /** Paths in reports are relative to this folder. */
  cwd?: string
}

/**
 * @example const env = evalEnvironment({ provider: 'mock' }, { concurrency: 8 })
 */
export function evalEnvironment(
  settings: EvalSettings,
  options: Omit<EvalEnvironment, 'settings' | 'resolveProviders'> = {},
): EvalEnvironment {
  return { settings, resolveProviders: evalProviderResolver(settings), ...options }
}

/** A local prompt file to evaluate. */
export interface PromptTarget {
  definition: PromptDefinition
  /** The prompt file; its folder is where `evaluation` paths resolve. */
  file: string
}

/** What to compare the candidate with. */
export type BaselineSource =
  /** Run this (registry) version now on the candidate's cases. */
  | { kind: 'version'; label: string; definition: PromptDefinition; digest?: string }
  /** Compare with the summary stored when this version was published. */
  | { kind: 'summary'; label: string; version: number; summary: EvalSummary }
  | { kind: 'missing'; label: string; reason: string }

/** A planned evaluation: nothing has been called yet. */
export interface PreparedEvaluation {
  target: PromptTarget
  suite: LoadedSuite
  options: RunEvalOptions
  plan: EvalPlan
  baseline?: { source: BaselineSource; options?: RunEvalOptions; plan?: EvalPlan }
  /** Case × trial runs to do (candidate and baseline), for a progress bar. */
  steps: number
  /** Estimated USD of candidate and baseline; `undefined` when a price is unknown. */
  costUsd?: number
  unpricedModels: string[]
}

function runOptions(
  env: EvalEnvironment,
  def: PromptDefinition,
  suite: LoadedSuite,
  providers: EvalProviders,
): RunEvalOptions {
  const options: RunEvalOptions = {
    prompt: def,
    cases: suite.cases,
    provider: providers.provider,
    model: providers.model,
    dataset: { file: suite.datasetFile, digest: suite.datasetDigest },
  }
  if (providers.price) options.price = providers.price
  if (providers.judge) options.judge = providers.judge
  if (providers.embeddings) options.embeddings = providers.embeddings
  if (env.concurrency !== undefined) options.concurrency = env.concurrency
  if (env.trials !== undefined) options.trials = env.trials
  if (env.cache) options.cache = env.cache
  return options
}

const hasErrors = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.some((d) => d.severity === 'error')

/**
 * Loads and plans one prompt (and its baseline). Returns the problems instead when the dataset
 * or fixtures do not load; throws `CONFIG_INVALID` for provider configuration problems.
 */
export async function prepareEvaluation(
  env: EvalEnvironment,
  target: PromptTarget,
  baseline?: BaselineSource,
): Promise<PreparedEvaluation | { diagnostics: Diagnostic[] }> {
  const def = target.definition
  const dir = resolve(target.file, '..')
  const offline = usesFixtures(env.settings, def)
  const suite = await loadSuite(def, { dir, fixtures: offline, cwd: env.cwd })
  if (hasErrors(suite.diagnostics)) return { diagnostics: suite.diagnostics }
  const options = runOptions(env, def, suite, env.resolveProviders(def, suite))
  const plan = await planEval(options)
  const prepared: PreparedEvaluation = {
    target,
    suite,
    options,
    plan,
    steps: plan.cases.length * (options.trials ?? 1),
    unpricedModels: [...plan.estimate.unpricedModels],
  }
  let cost = plan.estimate.costUsd
  if (baseline?.kind === 'version') {
    const base = baseline.definition
    const who = `baseline ${base.name}@${baseline.label} (v${base.version})`
    let fixtures: LoadedSuite['fixtures']
    if (usesFixtures(env.settings, base)) {
      const path = base.evaluation?.fixtures
      if (path === undefined) {
        throw new CanonError(
          'CONFIG_INVALID',
          `${who} has no \`evaluation.fixtures\`, so the mock provider cannot answer for it; run the comparison with a live provider`,
        )
      }
      const show = (p: string) => (env.cwd ? relative(env.cwd, p) || p : p)
      const loaded = await loadFixturesFile(resolve(dir, path), show)
      if (hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics }
      fixtures = loaded.fixtures
    }
    // Same cases, same assertions, same judge: only the prompt (and its outputs) differ.
    const graded = { ...base, evaluation: def.evaluation }
    const baseSuite: LoadedSuite = { ...suite, fixtures }
    const baseOptions: RunEvalOptions = {
      ...runOptions(env, base, baseSuite, env.resolveProviders(graded, baseSuite)),
      assertions: def.evaluation?.assertions ?? [],
    }
    const outputSchema = def.output?.schema
    if (outputSchema !== undefined) baseOptions.outputSchema = outputSchema
    const basePlan = await planEval(baseOptions)
    prepared.baseline = { source: baseline, options: baseOptions, plan: basePlan }
    prepared.steps += basePlan.cases.length * (baseOptions.trials ?? 1)
    prepared.unpricedModels.push(...basePlan.estimate.unpricedModels)
    cost =
      cost === undefined || basePlan.estimate.costUsd === undefined
        ? undefined
        : cost + basePlan.estimate.costUsd
  } else if (baseline) {
    prepared.baseline = { source: baseline }
  }
  if (cost !== undefined) prepared.costUsd = cost
  return prepared
}

function summaryCases(summary: EvalSummary): CaseResult[] {
  return summary.perCase.map((c) => ({
    id: c.id,
    tags: [],
    pass: c.pass,
    score: c.score,
    ...(c.error ? { error: 'errored when the version was published' } : {}),
  }))
}

/**
 * Runs a prepared evaluation (candidate, then baseline) and gates it.
 * @example
 * const prepared = await prepareEvaluation(env, { definition, file })
 * if (!('diagnostics' in prepared)) {
 *   const { gate } = await executeEvaluation(prepared)
 *   console.error(gate.outcome, gate.reasons[0])
 * }
 */
export async function executeEvaluation(
  prepared: PreparedEvaluation,
  hooks: { onStep?: () => void; cwd?: string } = {},
): Promise<PromptEvaluation> {
  const onProgress = hooks.onStep && (() => hooks.onStep?.())
  const run = await runEval({ ...prepared.options, plan: prepared.plan, onProgress })
  const def = prepared.target.definition
  const gateSpec = def.evaluation?.gate ?? { min_pass_rate: 0.9, margin: 0.05, alpha: 0.05 }
  const source = prepared.baseline?.source
  let baseline: BaselineReport | undefined
  let baselineCases: CaseResult[] | undefined
  if (source?.kind === 'version' && prepared.baseline?.options && prepared.baseline.plan) {
    const baseRun = await runEval({
      ...prepared.baseline.options,
      plan: prepared.baseline.plan,
      onProgress,
    })
    baselineCases = toCaseResults(baseRun)
    baseline = {
      kind: 'version',
      label: source.label,
      version: source.definition.version,
      digest: baseRun.prompt.digest,
      run: baseRun,
    }
  } else if (source?.kind === 'summary') {
    baselineCases = summaryCases(source.summary)
    baseline = {
      kind: 'summary',
      label: source.label,
      version: source.version,
      summary: source.summary,
      datasetChanged: source.summary.datasetDigest !== prepared.suite.datasetDigest,
    }
    const then = `${source.summary.provider}:${source.summary.model}`
    const now = `${run.provider}:${run.model}`
    if (then !== now) baseline.modelChanged = { from: then, to: now }
  } else if (source?.kind === 'missing') {
    baseline = { kind: 'missing', label: source.label, reason: source.reason }
  }
  const gate = evaluateGate({
    cases: toCaseResults(run),
    gate: gateSpec,
    ...(baselineCases ? { baseline: baselineCases } : {}),
  })
  const compared =
    baseline?.kind === 'version'
      ? { label: baseline.label, version: baseline.version, digest: baseline.digest }
      : baseline?.kind === 'summary'
        ? {
            label: baseline.label,
            version: baseline.version,
            digest: baseline.summary.promptDigest,
          }
        : baseline?.kind === 'missing'
          ? { label: baseline.label, missing: baseline.reason }
          : undefined
  const evaluation: PromptEvaluation = {
    file: hooks.cwd ? relative(hooks.cwd, prepared.target.file) : prepared.target.file,
    run,
    gate,
    gateSpec,
    summary: buildEvalSummary(run, gate, gateSpec, compared),
  }
  if (baseline) evaluation.baseline = baseline
  return evaluation
}
