/**
 * The candidate-vs-baseline table shared by the terminal and Markdown reports, and the verdict
 * sentences.
 * @module
 */
import type { GateOutcome } from '../gate/types'
import type { PromptEvaluation } from '../runner/evaluation'
import type { EvalRun } from '../runner/types'
import { int, ms, pct, plural, points, pValue, score, signed, usd } from './format'

export interface ComparisonTable {
  title: string
  headers: [string, string, string, string]
  rows: [string, string, string, string][]
  /** The paired statistics in one sentence. */
  stats?: string
  notes: string[]
}

/** Mean case score over cases that have a verdict. */
export function meanScore(run: EvalRun): number {
  const scored = run.cases.filter((c) => !c.error)
  return scored.length === 0 ? 0 : scored.reduce((s, c) => s + c.score, 0) / scored.length
}

function relative(before: number, after: number): string {
  if (before === 0) return after === 0 ? '0%' : 'new'
  const change = ((after - before) / before) * 100
  return `${change > 0 ? '+' : change < 0 ? '\u2212' : ''}${Math.abs(change).toFixed(1)}%`
}

function costDelta(before: number | undefined, after: number | undefined): string {
  if (before === undefined || after === undefined) return 'n/a'
  return `${after >= before ? '+' : '\u2212'}${usd(Math.abs(after - before))}`
}

/**
 * The comparison of an evaluation with its baseline, or `undefined` when there is none.
 * Δ = candidate − baseline; the score CI is the gate's paired bootstrap interval.
 */
export function comparisonTable(evaluation: PromptEvaluation): ComparisonTable | undefined {
  const { baseline, run, gate } = evaluation
  if (!baseline || baseline.kind === 'missing') return undefined
  const cmp = gate.comparison
  const stats = cmp
    ? `paired on ${plural(cmp.n, 'case')}: b = ${cmp.b} regressed, c = ${cmp.c} improved, McNemar exact ${pValue(cmp.mcnemarP)}; Δ score ${signed(cmp.scoreDelta.meanDiff)} (${Math.round(cmp.confidence * 100)}% CI ${signed(cmp.scoreDelta.low)} … ${signed(cmp.scoreDelta.high)}), margin ${Math.round(evaluation.gateSpec.margin * 1000) / 10} pts`
    : undefined
  const notes: string[] = []
  const t = run.totals
  if (baseline.kind === 'version') {
    const b = baseline.run.totals
    const ci = cmp ? ` (CI ${signed(cmp.scoreDelta.low)} … ${signed(cmp.scoreDelta.high)})` : ''
    const rows: ComparisonTable['rows'] = [
      [
        'weighted pass rate',
        pct(b.passRate.weighted),
        pct(t.passRate.weighted),
        points(t.passRate.weighted - b.passRate.weighted),
      ],
      [
        'cases passed',
        `${b.passed}/${b.cases}`,
        `${t.passed}/${t.cases}`,
        signed(t.passed - b.passed, 0),
      ],
      [
        'mean score',
        score(meanScore(baseline.run)),
        score(meanScore(run)),
        `${signed(meanScore(run) - meanScore(baseline.run))}${ci}`,
      ],
      [
        'input tokens',
        int(b.tokens.input),
        int(t.tokens.input),
        relative(b.tokens.input, t.tokens.input),
      ],
      [
        'output tokens',
        int(b.tokens.output),
        int(t.tokens.output),
        relative(b.tokens.output, t.tokens.output),
      ],
      ['cost', usd(b.costUsd), usd(t.costUsd), costDelta(b.costUsd, t.costUsd)],
    ]
    if (b.latencyMs && t.latencyMs) {
      rows.push([
        'latency p50',
        ms(b.latencyMs.p50),
        ms(t.latencyMs.p50),
        relative(b.latencyMs.p50, t.latencyMs.p50),
      ])
    }
    if (b.errored > 0)
      notes.push(`${plural(b.errored, 'baseline case')} errored and were not paired`)
    return {
      title: `vs ${baseline.label} (v${baseline.version})`,
      headers: ['', `${baseline.label} v${baseline.version}`, `v${run.prompt.version}`, 'Δ'],
      rows,
      ...(stats ? { stats } : {}),
      notes,
    }
  }
  const s = baseline.summary
  const rows: ComparisonTable['rows'] = [
    [
      'weighted pass rate',
      pct(s.passRate),
      pct(t.passRate.weighted),
      points(t.passRate.weighted - s.passRate),
    ],
    [
      'cases passed',
      `${s.passed}/${s.cases}`,
      `${t.passed}/${t.cases}`,
      signed(t.passed - s.passed, 0),
    ],
    [
      'input tokens',
      int(s.tokens.input),
      int(t.tokens.input),
      relative(s.tokens.input, t.tokens.input),
    ],
    [
      'output tokens',
      int(s.tokens.output),
      int(t.tokens.output),
      relative(s.tokens.output, t.tokens.output),
    ],
    ['cost', usd(s.costUsd), usd(t.costUsd), costDelta(s.costUsd, t.costUsd)],
  ]
  if (baseline.modelChanged) {
    notes.push(
      `the model changed: ${baseline.modelChanged.from} then, ${baseline.modelChanged.to} now`,
    )
  }
  if (baseline.datasetChanged) {
    notes.push(
      'the dataset changed since publishing: only case ids present in both runs are paired',
    )
  }
  if (cmp && cmp.regressed.length > 0) {
    notes.push(`flipped to failing since publishing: ${cmp.regressed.join(', ')}`)
  }
  if (cmp && cmp.improved.length > 0) {
    notes.push(`flipped to passing since publishing: ${cmp.improved.join(', ')}`)
  }
  return {
    title: `v${baseline.version} now vs as published to ${baseline.label} (${s.runAt.slice(0, 10)})`,
    headers: ['', 'at publish', 'now', 'Δ'],
    rows,
    ...(stats ? { stats } : {}),
    notes,
  }
}

const HEADLINES: Record<GateOutcome, string> = {
  pass: 'PASS: the gate passed',
  fail: 'FAIL: the gate failed',
  inconclusive: 'INCONCLUSIVE: not enough evidence to pass or fail it',
}

/** `PASS: the gate passed`, `FAIL: …`, `INCONCLUSIVE: …`. */
export function headline(outcome: GateOutcome): string {
  return HEADLINES[outcome]
}

/**
 * One sentence over all prompts: `All 5 prompts pass the gate.`,
 * `1 of 5 prompts fails the gate: ClassifyTicketIntent v3.`
 */
export function overallVerdict(evaluations: readonly PromptEvaluation[]): string {
  const n = evaluations.length
  if (n === 0) return 'No prompt was evaluated.'
  const named = (o: GateOutcome) =>
    evaluations
      .filter((e) => e.gate.outcome === o)
      .map((e) => `${e.run.prompt.name} v${e.run.prompt.version}`)
  const failed = named('fail')
  const unsure = named('inconclusive')
  if (n === 1) {
    const [only] = evaluations
    const name = only ? `${only.run.prompt.name} v${only.run.prompt.version}` : ''
    if (failed.length > 0) return `${name} fails the gate.`
    if (unsure.length > 0) return `${name} is inconclusive against its baseline.`
    return `${name} passes the gate.`
  }
  const parts: string[] = []
  if (failed.length > 0) {
    parts.push(
      `${failed.length} of ${plural(n, 'prompt')} ${failed.length === 1 ? 'fails' : 'fail'} the gate: ${failed.join(', ')}.`,
    )
  }
  if (unsure.length > 0) {
    parts.push(
      `${unsure.length} of ${plural(n, 'prompt')} ${unsure.length === 1 ? 'is' : 'are'} inconclusive: ${unsure.join(', ')}.`,
    )
  }
  if (parts.length === 0)
    return n === 1 ? 'The prompt passes the gate.' : `All ${n} prompts pass the gate.`
  return parts.join(' ')
}
