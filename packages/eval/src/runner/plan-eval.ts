/**
 * The part of a run that happens before any call: render every case strictly, count its tokens,
 * check the token budget, look up the response cache, and estimate the cost.
 * @module
 */
import { type AssertionSpec, compilePrompt } from '@canon/core'
import { checkBudget, countTokens } from '@canon/core/tokens'
import { parseAssertionType } from '../assertions/assertion-types'
import { assertionsForCase } from '../assertions/assertions-for-case'
import { judgeMessages } from '../assertions/llm-rubric'
import { completionCacheKey } from '../cache/cache-key'
import type { Case } from '../dataset/case'
import { estimateCost } from '../pricing/estimate-cost'
import type { ModelPrice } from '../pricing/price-table'
import { buildCompletionRequest } from '../providers/request'
import type { CompletionRequest } from '../providers/types'
import {
  DEFAULT_OUTPUT_TOKENS,
  JUDGE_OUTPUT_TOKENS,
  type JudgeConfig,
  type RunEvalOptions,
} from './options'
import type { CaseError, RunEstimate } from './types'

/** One case, ready to send (or not renderable). */
export interface PlannedCase {
  case: Case
  request?: CompletionRequest
  /** Set when the case's `vars` do not render: the case errors without a call. */
  error?: CaseError
  inputTokens?: number
  overBudget?: { tokens: number; limit: number }
  /** Per trial: whether the response cache already holds the answer. */
  cached: boolean[]
  /** The assertions to run on this case (suite + the case's own). */
  assertions: AssertionSpec[]
}

export interface EvalPlan {
  model: string
  cases: PlannedCase[]
  estimate: RunEstimate
}

const FREE: ModelPrice = { input: 0, output: 0 }

/** The model under test's id: `--model`, else the prompt's, else the provider's default. */
export function modelUnderTest(options: RunEvalOptions): string {
  return options.model ?? options.prompt.model.name ?? options.provider.defaultModel ?? ''
}

function renderError(err: unknown): CaseError {
  const message = err instanceof Error ? err.message : String(err)
  return { kind: 'render', message }
}

async function isCached(options: RunEvalOptions, request: CompletionRequest, trial: number) {
  const cache = options.cache
  if (!cache || cache.mode === 'off') return false
  // Replay never calls: whatever is missing errors, so nothing is spent either way.
  if (cache.mode === 'replay') return true
  try {
    const entry = await cache.store.get(completionCacheKey(options.provider, request, trial))
    return entry?.kind === 'complete'
  } catch {
    return false // A corrupt entry is re-recorded, i.e. paid for.
  }
}

/** Rubrics that will be graded for a case: `llm-rubric` with a value or with case criteria. */
function rubricsOf(assertions: readonly AssertionSpec[], testCase: Case): string[] {
  const rubrics: string[] = []
  for (const spec of assertions) {
    if (parseAssertionType(spec.type)?.base !== 'llm-rubric') continue
    const rubric = spec.value ?? testCase.criteria
    if (typeof rubric === 'string') rubrics.push(rubric)
  }
  return rubrics
}

function priceOf(options: RunEvalOptions): ModelPrice | undefined {
  if (options.price) return options.price
  // The mock provider answers from files and bills nothing.
  if (options.provider.id === 'mock') return FREE
  return undefined
}

function judgePrice(judge: JudgeConfig | undefined): ModelPrice | undefined {
  if (judge?.kind !== 'model') return undefined
  return judge.price ?? (judge.provider.id === 'mock' ? FREE : undefined)
}

/**
 * Renders and prices a run without calling anything.
 * @example const plan = await planEval(options); plan.estimate.costUsd // 0.0123
 */
export async function planEval(options: RunEvalOptions): Promise<EvalPlan> {
  const { prompt } = options
  const model = modelUnderTest(options)
  const trials = options.trials ?? 1
  const suite = options.assertions ?? prompt.evaluation?.assertions ?? []
  const compiled = compilePrompt(prompt)
  const budget = prompt.budget
  const maxTokens = prompt.model.max_tokens
  const outputTokensPerCall =
    typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : DEFAULT_OUTPUT_TOKENS
  const judge = options.judge
  const judgeModel = judge?.kind === 'model' ? judge.model : undefined

  const cases: PlannedCase[] = []
  let calls = 0
  let cachedCalls = 0
  let inputTokens = 0
  let judgeCalls = 0
  let judgeInputTokens = 0
  for (const testCase of options.cases) {
    const assertions = assertionsForCase(suite, testCase)
    const planned: PlannedCase = { case: testCase, cached: [], assertions }
    cases.push(planned)
    let rendered: ReturnType<typeof compiled.render>
    try {
      rendered = compiled.render(testCase.vars)
    } catch (err) {
      // Strict rendering: a case whose vars do not fit the inputs has no prompt to send.
      planned.error = renderError(err)
      continue
    }
    // Throws CONFIG_INVALID when there is no model at all: that is the run's problem, not the case's.
    planned.request = buildCompletionRequest({
      settings: prompt.model,
      rendered,
      outputSchema: options.outputSchema ?? prompt.output?.schema,
      model,
    })
    const check = checkBudget(rendered, budget, model)
    planned.inputTokens = check.tokens
    if (!check.ok && check.limit !== undefined) {
      planned.overBudget = { tokens: check.tokens, limit: check.limit }
    }
    for (let trial = 0; trial < trials; trial++) {
      const hit = await isCached(options, planned.request, trial)
      planned.cached.push(hit)
      if (hit) {
        cachedCalls++
        continue
      }
      calls++
      inputTokens += check.tokens
      if (judgeModel !== undefined) {
        for (const rubric of rubricsOf(assertions, testCase)) {
          judgeCalls++
          judgeInputTokens +=
            countTokens(judgeMessages(rubric, '', testCase), judgeModel) + outputTokensPerCall
        }
      }
    }
  }

  const outputTokens = calls * outputTokensPerCall
  const judgeOutputTokens = judgeCalls * JUDGE_OUTPUT_TOKENS
  const unpricedModels: string[] = []
  const generationCostUsd =
    calls === 0 ? 0 : estimateCost(model, inputTokens, outputTokens, { price: priceOf(options) })
  if (generationCostUsd === undefined) unpricedModels.push(model)
  let judgeCostUsd: number | undefined = 0
  if (judgeModel !== undefined && judgeCalls > 0) {
    judgeCostUsd = estimateCost(judgeModel, judgeInputTokens, judgeOutputTokens, {
      price: judgePrice(judge),
    })
    if (judgeCostUsd === undefined) unpricedModels.push(judgeModel)
  }
  const estimate: RunEstimate = {
    cases: options.cases.length,
    calls,
    cachedCalls,
    inputTokens,
    outputTokensPerCall,
    outputTokensSource: outputTokensPerCall === maxTokens ? 'max_tokens' : 'default',
    outputTokens,
    judgeCalls,
    judgeInputTokens,
    judgeOutputTokens,
    unpricedModels,
  }
  if (generationCostUsd !== undefined) estimate.generationCostUsd = generationCostUsd
  if (judgeCostUsd !== undefined) estimate.judgeCostUsd = judgeCostUsd
  if (generationCostUsd !== undefined && judgeCostUsd !== undefined) {
    estimate.costUsd = generationCostUsd + judgeCostUsd
  }
  return { model, cases, estimate }
}
