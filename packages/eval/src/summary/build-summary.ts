import type { GateSpec } from '@canon/core'
import type { GateResult } from '../gate/types'
import type { EvalRun } from '../runner/types'
import { EVAL_SUMMARY_SCHEMA_VERSION, type EvalSummary, type SummaryCase } from './types'

/** Which labelled version a run was compared with. */
export interface BaselineIdentity {
  label: string
  version: number
  /** The baseline version's digest. */
  digest?: string
}

/** Rounds to 4 decimals: plenty for rates and scores, and keeps the JSON small. */
const r4 = (x: number) => Math.round(x * 1e4) / 1e4

/**
 * The summary of a run to store with a published version. `baseline` names the labelled version
 * the run was compared with (recorded with the comparison's verdict), or says why there was none.
 * @example
 * const summary = buildEvalSummary(run, gate, def.evaluation.gate)
 * await client.request('PUT', `/v1/prompts/${name}/versions/${v}`, { definition, evalSummary: summary })
 */
export function buildEvalSummary(
  run: EvalRun,
  gate: GateResult,
  gateSpec: GateSpec,
  baseline?: BaselineIdentity | { label?: string; missing: string },
): EvalSummary {
  const t = run.totals
  const summary: EvalSummary = {
    schemaVersion: EVAL_SUMMARY_SCHEMA_VERSION,
    runAt: run.startedAt,
    prompt: { name: run.prompt.name, version: run.prompt.version },
    promptDigest: run.prompt.digest,
    datasetDigest: run.dataset.digest ?? '',
    provider: run.provider,
    model: run.model,
    trials: run.trials,
    cases: t.cases,
    passed: t.passed,
    errored: t.errored,
    passRate: r4(t.passRate.weighted),
    wilson: { low: r4(t.passRate.wilson.low), high: r4(t.passRate.wilson.high) },
    gate: {
      outcome: gate.outcome,
      reasons: gate.reasons,
      minPassRate: gateSpec.min_pass_rate,
      margin: gateSpec.margin,
      alpha: gateSpec.alpha,
    },
    metrics: Object.fromEntries(Object.entries(t.metrics).map(([k, m]) => [k, r4(m.mean)])),
    tokens: { ...t.tokens },
    perCase: run.cases.map((c) => {
      const entry: SummaryCase = { id: c.id, pass: c.pass, score: r4(c.score) }
      if (c.error) entry.error = true
      return entry
    }),
  }
  if (run.dataset.file !== undefined) summary.dataset = run.dataset.file
  if (run.judge !== undefined) summary.judge = run.judge
  if (run.embeddings !== undefined) summary.embeddings = run.embeddings
  if (t.costUsd !== undefined) summary.costUsd = Math.round(t.costUsd * 1e6) / 1e6
  if (t.latencyMs)
    summary.latencyMs = { p50: Math.round(t.latencyMs.p50), p95: Math.round(t.latencyMs.p95) }
  const cmp = gate.comparison
  if (baseline && 'missing' in baseline) {
    summary.gate.noBaseline = {
      ...(baseline.label === undefined ? {} : { label: baseline.label }),
      reason: baseline.missing,
    }
  } else if (baseline && cmp) {
    summary.gate.baseline = {
      label: baseline.label,
      version: baseline.version,
      ...(baseline.digest === undefined ? {} : { digest: baseline.digest }),
      verdict: cmp.verdict,
      n: cmp.n,
      b: cmp.b,
      c: cmp.c,
      mcnemarP: r4(cmp.mcnemarP),
      scoreDelta: {
        mean: r4(cmp.scoreDelta.meanDiff),
        low: r4(cmp.scoreDelta.low),
        high: r4(cmp.scoreDelta.high),
      },
    }
  }
  return summary
}
