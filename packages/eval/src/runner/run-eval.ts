/**
 * The evaluation runner: every case rendered, sent, graded and scored, with bounded concurrency,
 * then aggregated into an `EvalRun`.
 * @module
 */
import { CanonError, promptDigest } from '@canon/core'
import { scoreCase } from '../assertions/score-case'
import type { AssertionResult, JudgeProvider } from '../assertions/types'
import { isReplayMiss, withCache } from '../cache/with-cache'
import { runWithConcurrency } from '../http/run-with-concurrency'
import type { CompletionResult, Provider } from '../providers/types'
import { aggregateRun, assertionLabel, emptyJudgeLedger, type JudgeLedger } from './aggregate-run'
import { gradeOutput } from './grade-output'
import { DEFAULT_CONCURRENCY, type RunEvalOptions } from './options'
import { type EvalPlan, type PlannedCase, planEval } from './plan-eval'
import { recordedJudgeLabel } from './recorded-judge'
import type { CaseError, CaseRun, EvalRun, RunEstimate, TrialRun } from './types'

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new CanonError('CONFIG_INVALID', `${name} must be a whole number ≥ 1, got ${value}`)
  }
  return value
}

function usd(value: number): string {
  return `$${value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`
}

/**
 * Throws when a run would cost more than `maxCostUsd`, or when its cost cannot be known.
 * Call it before any provider call: `--max-cost` is a hard stop, not a warning.
 * @example checkMaxCost(plan.estimate, 0.5)
 */
export function checkMaxCost(
  estimate: Pick<RunEstimate, 'costUsd' | 'unpricedModels'>,
  maxCostUsd: number,
): void {
  if (estimate.costUsd === undefined) {
    throw new CanonError(
      'CONFIG_INVALID',
      `cannot check --max-cost: no price is known for ${estimate.unpricedModels.join(', ')}; nothing was sent (give the provider a price, or drop --max-cost)`,
      { details: { budgetExceeded: true } },
    )
  }
  if (estimate.costUsd > maxCostUsd) {
    throw new CanonError(
      'CONFIG_INVALID',
      `estimated cost ${usd(estimate.costUsd)} is over --max-cost ${usd(maxCostUsd)}; nothing was sent`,
      { details: { budgetExceeded: true, estimateUsd: estimate.costUsd, maxCostUsd } },
    )
  }
}

const errorTrial = (trial: number, error: CaseError): TrialRun => ({
  trial,
  assertions: [],
  pass: false,
  score: 0,
  weightedPass: 0,
  namedScores: {},
  checked: 0,
  error,
})

function budgetResult(over: { tokens: number; limit: number }): AssertionResult {
  return {
    type: 'budget',
    pass: false,
    score: 0,
    weight: 1,
    metric: 'budget',
    reason: `rendered prompt is ${over.tokens} tokens, over budget.max_input_tokens ${over.limit}`,
  }
}

function costBudgetResult(costUsd: number, limit: number): AssertionResult {
  return {
    type: 'budget',
    pass: false,
    score: 0,
    weight: 1,
    metric: 'budget',
    reason: `the call cost $${costUsd.toPrecision(3)}, over budget.max_cost_usd $${limit}`,
  }
}

/** Counts a judge's calls and cost, and notes replay-cache misses (they are not the judge's fault). */
function accountedJudge(
  provider: Provider,
  ledger: JudgeLedger,
  onReplayMiss: () => void,
): JudgeProvider {
  return {
    id: provider.id,
    defaultModel: provider.defaultModel,
    async complete(req, opts) {
      let result: CompletionResult
      try {
        result = await provider.complete(req, opts)
      } catch (err) {
        if (isReplayMiss(err)) onReplayMiss()
        throw err
      }
      ledger.calls++
      ledger.inputTokens += result.usage.inputTokens
      ledger.outputTokens += result.usage.outputTokens
      if (result.costUsd === undefined) ledger.unpriced = true
      else if (result.cached) ledger.cachedCostUsd += result.costUsd
      else ledger.costUsd += result.costUsd
      return result
    },
  }
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length
}

function combineTrials(planned: PlannedCase, trials: TrialRun[]): CaseRun {
  const c = planned.case
  const named = new Map<string, number[]>()
  for (const t of trials) {
    for (const [k, v] of Object.entries(t.namedScores)) named.set(k, [...(named.get(k) ?? []), v])
  }
  const run: CaseRun = {
    id: c.id,
    line: c.line,
    tags: [...c.tags],
    pass: trials.every((t) => t.pass && !t.error),
    score: mean(trials.map((t) => t.score)),
    weightedPass: mean(trials.map((t) => t.weightedPass)),
    namedScores: Object.fromEntries([...named].map(([k, v]) => [k, mean(v)])),
    trials,
  }
  if (c.description !== undefined) run.description = c.description
  run.vars = c.vars
  if (c.expected !== undefined) run.expected = c.expected
  if (c.expected_json !== undefined) run.expectedJson = c.expected_json
  if (planned.inputTokens !== undefined) run.inputTokens = planned.inputTokens
  if (planned.overBudget) run.overBudget = planned.overBudget
  const error = trials.find((t) => t.error)?.error
  if (error) run.error = error
  return run
}

/**
 * Runs a prompt over its dataset and grades every answer.
 *
 * A case whose vars do not render, whose call fails after retries, or whose assertions cannot be
 * evaluated is an *error* (no verdict), kept apart from assertion failures. `maxCostUsd` is
 * checked against the pre-run estimate before any call.
 * @example
 * const run = await runEval({ prompt, cases, provider: createProvider({ provider: 'openai' }), concurrency: 8 })
 * run.totals.passRate // { weighted: 0.94, wilson: { estimate: 0.94, low: 0.8, high: 0.98 } }
 */
export async function runEval(options: RunEvalOptions & { plan?: EvalPlan }): Promise<EvalRun> {
  const concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency')
  const trialCount = positiveInteger(options.trials ?? 1, 'trials')
  const startedAt = new Date()
  const t0 = performance.now()
  const plan = options.plan ?? (await planEval(options))
  if (options.maxCostUsd !== undefined) checkMaxCost(plan.estimate, options.maxCostUsd)

  const cache = options.cache
  const cached = cache ? withCache(options.provider, cache.store, cache.mode) : undefined
  const provider: Provider = cached ?? options.provider
  const judge = options.judge
  const judgeBase =
    judge?.kind === 'model'
      ? cache
        ? withCache(judge.provider, cache.store, cache.mode)
        : judge.provider
      : undefined
  const embeddings = options.embeddings && {
    ...options.embeddings,
    provider: cache
      ? withCache(options.embeddings.provider, cache.store, cache.mode)
      : options.embeddings.provider,
  }
  const ledger = emptyJudgeLedger()
  const shortCircuit = options.shortCircuit ?? true
  const outputSchema = options.outputSchema ?? options.prompt.output?.schema

  async function runTrial(planned: PlannedCase, trial: number): Promise<TrialRun> {
    if (planned.error || !planned.request) {
      return errorTrial(trial, planned.error ?? { kind: 'render', message: 'not rendered' })
    }
    const caseId = planned.case.id
    let result: CompletionResult
    try {
      result = await provider.complete(planned.request, { caseId, trial, signal: options.signal })
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      return errorTrial(trial, { kind: isReplayMiss(err) ? 'cache-miss' : 'provider', message })
    }
    let replayMiss = false
    const assertions = await gradeOutput({
      output: result.text,
      case: planned.case,
      assertions: planned.assertions,
      context: {
        outputSchema,
        latencyMs: result.latencyMs,
        ...(result.costUsd === undefined ? {} : { costUsd: result.costUsd }),
        signal: options.signal,
      },
      judge,
      judgeProvider:
        judgeBase &&
        accountedJudge(judgeBase, ledger, () => {
          replayMiss = true
        }),
      embeddings,
      shortCircuit,
    })
    if (planned.overBudget) assertions.push(budgetResult(planned.overBudget))
    const maxCost = options.prompt.budget?.max_cost_usd
    if (maxCost !== undefined && result.costUsd !== undefined && result.costUsd > maxCost) {
      assertions.push(costBudgetResult(result.costUsd, maxCost))
    }
    const score = scoreCase(assertions)
    const run: TrialRun = {
      trial,
      output: result.text,
      assertions,
      pass: score.pass,
      score: score.score,
      weightedPass: score.weightedPass,
      namedScores: score.namedScores,
      checked: score.checked,
      usage: result.usage,
      latencyMs: result.latencyMs,
      cached: result.cached === true,
      model: result.model,
      finishReason: result.finishReason,
    }
    if (result.costUsd !== undefined) run.costUsd = result.costUsd
    const broken = assertions.find((r) => r.error !== undefined && r.weight > 0)
    if (broken) {
      const missed = replayMiss || /replay cache has no recorded response/.test(broken.error ?? '')
      run.error = {
        kind: missed ? 'cache-miss' : 'assertion',
        message: `${broken.type}: ${broken.error}`,
      }
    }
    return run
  }

  const tasks = plan.cases.flatMap((planned, index) =>
    Array.from({ length: trialCount }, (_, trial) => ({ planned, index, trial })),
  )
  const trialsByCase = plan.cases.map(() => new Array<TrialRun>(trialCount))
  await runWithConcurrency(
    tasks,
    concurrency,
    async ({ planned, index, trial }) => {
      ;(trialsByCase[index] as TrialRun[])[trial] = await runTrial(planned, trial)
    },
    options.onProgress,
  )

  const cases = plan.cases.map((planned, i) =>
    combineTrials(planned, trialsByCase[i] as TrialRun[]),
  )
  const specs = new Map(plan.cases.map((p) => [p.case.id, p.assertions]))
  const totals = aggregateRun(cases, ledger, (caseId, index, r) =>
    assertionLabel(r, specs.get(caseId)?.[index]),
  )
  const run: EvalRun = {
    prompt: {
      name: options.prompt.name,
      version: options.prompt.version,
      digest: promptDigest(options.prompt),
    },
    dataset: { ...options.dataset },
    provider: options.provider.id,
    model: plan.model,
    trials: trialCount,
    concurrency,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    estimate: plan.estimate,
    cases,
    totals,
  }
  if (options.provider.endpoint !== undefined) run.endpoint = options.provider.endpoint
  if (judge) {
    run.judge =
      judge.kind === 'model'
        ? `${judge.provider.id}:${judge.model}`
        : recordedJudgeLabel(judge.source)
  }
  if (options.embeddings) {
    run.embeddings =
      options.embeddings.label ?? `${options.embeddings.provider.id}:${options.embeddings.model}`
  }
  if (cache && cached) run.cache = { mode: cache.mode, ...cached.stats }
  return run
}
