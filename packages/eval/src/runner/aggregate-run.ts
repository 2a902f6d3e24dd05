/**
 * Run-level figures from case results: weighted pass rate with its Wilson interval, per-assertion
 * and per-metric results, tokens, cost and latency.
 * @module
 */

import { aggregateNamedScores } from '../assertions/score-case'
import type { AssertionResult } from '../assertions/types'
import { wilsonInterval } from '../stats/wilson-interval'
import { percentile } from './percentile'
import type { AssertionSummary, CaseRun, RunTotals } from './types'

/** What the judge cost over a run. */
export interface JudgeLedger {
  calls: number
  inputTokens: number
  outputTokens: number
  /** Fresh calls only. */
  costUsd: number
  /** Cost of judge answers served from the cache. */
  cachedCostUsd: number
  /** A judge call had no known price. */
  unpriced: boolean
}

export function emptyJudgeLedger(): JudgeLedger {
  return {
    calls: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    cachedCostUsd: 0,
    unpriced: false,
  }
}

function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  // Quoted as written (no JSON escaping), so a regex reads the way it does in the YAML.
  return `"${text.length > 28 ? `${text.slice(0, 27)}…` : text}"`
}

/**
 * A readable identity for an assertion result: `json-path $.urgency [urgency_accuracy]`,
 * `not-icontains "password" [prompt_leak]`. Types with long or case-supplied values show none.
 */
export function assertionLabel(
  result: Pick<AssertionResult, 'type' | 'metric'>,
  spec?: Record<string, unknown>,
): string {
  // A suite's assertion objects are shared by every case: label each once.
  const known = spec && labels.get(spec)
  if (known !== undefined) return known
  const label = buildLabel(result, spec)
  if (spec) labels.set(spec, label)
  return label
}

const labels = new WeakMap<object, string>()

function buildLabel(
  result: Pick<AssertionResult, 'type' | 'metric'>,
  spec: Record<string, unknown> | undefined,
): string {
  const parts = [result.type]
  if (typeof spec?.path === 'string') parts.push(spec.path)
  else if (spec?.value !== undefined && !/rubric|similar|schema|is-json/.test(result.type)) {
    parts.push(shortValue(spec.value))
  }
  if (result.metric !== undefined) parts.push(`[${result.metric}]`)
  return parts.join(' ')
}

function summarizeAssertions(
  cases: readonly CaseRun[],
  labelOf: (caseId: string, index: number, r: AssertionResult) => string,
): AssertionSummary[] {
  const byLabel = new Map<string, AssertionSummary & { scoreSum: number; counted: number }>()
  for (const c of cases) {
    for (const t of c.trials) {
      t.assertions.forEach((r, i) => {
        const label = labelOf(c.id, i, r)
        let s = byLabel.get(label)
        if (!s) {
          s = {
            label,
            type: r.type,
            weight: r.weight,
            passed: 0,
            failed: 0,
            errored: 0,
            skipped: 0,
            meanScore: 0,
            scoreSum: 0,
            counted: 0,
          }
          if (r.metric !== undefined) s.metric = r.metric
          byLabel.set(label, s)
        }
        if (r.skipped) s.skipped++
        else if (r.error !== undefined) s.errored++
        else if (r.pass) s.passed++
        else s.failed++
        if (!r.skipped) {
          s.scoreSum += r.score
          s.counted++
        }
      })
    }
  }
  return [...byLabel.values()].map(({ scoreSum, counted, ...s }) => ({
    ...s,
    meanScore: counted > 0 ? scoreSum / counted : 0,
  }))
}

/**
 * Totals over a run's cases. `labelOf` names each assertion result (by case and position) so
 * the same suite assertion groups across cases.
 */
export function aggregateRun(
  cases: readonly CaseRun[],
  judge: JudgeLedger,
  labelOf: (caseId: string, index: number, r: AssertionResult) => string = (_c, _i, r) =>
    assertionLabel(r),
): RunTotals {
  let passed = 0
  let errored = 0
  let weightedSum = 0
  let tokensIn = 0
  let tokensOut = 0
  let costUsd = 0
  let cachedCostUsd = judge.cachedCostUsd
  let unpriced = judge.unpriced
  const latencies: number[] = []
  const overBudget: string[] = []
  const vacuous: string[] = []
  for (const c of cases) {
    if (c.error) errored++
    else {
      if (c.pass) passed++
      weightedSum += c.weightedPass
    }
    if (c.overBudget) overBudget.push(c.id)
    if (!c.error && c.trials.every((t) => t.checked === 0)) vacuous.push(c.id)
    for (const t of c.trials) {
      if (t.usage) {
        tokensIn += t.usage.inputTokens
        tokensOut += t.usage.outputTokens
      }
      if (t.latencyMs !== undefined && t.output !== undefined) latencies.push(t.latencyMs)
      if (t.output === undefined) continue
      if (t.costUsd === undefined) unpriced = true
      else if (t.cached) cachedCostUsd += t.costUsd
      else costUsd += t.costUsd
    }
  }
  const n = cases.length
  const totals: RunTotals = {
    cases: n,
    passed,
    failed: n - passed - errored,
    errored,
    passRate: { weighted: n > 0 ? weightedSum / n : 0, wilson: wilsonInterval(weightedSum, n) },
    assertions: summarizeAssertions(cases, labelOf),
    metrics: aggregateNamedScores(cases.filter((c) => !c.error).map((c) => c.namedScores)),
    tokens: { input: tokensIn, output: tokensOut },
    judge: {
      calls: judge.calls,
      inputTokens: judge.inputTokens,
      outputTokens: judge.outputTokens,
      ...(judge.unpriced ? {} : { costUsd: judge.costUsd }),
    },
    cachedCostUsd,
    overBudget,
    vacuous,
  }
  if (!unpriced) totals.costUsd = costUsd + judge.costUsd
  if (latencies.length > 0) {
    totals.latencyMs = { p50: percentile(latencies, 50), p95: percentile(latencies, 95) }
  }
  return totals
}
