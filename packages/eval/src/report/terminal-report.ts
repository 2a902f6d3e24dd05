/**
 * The report `canon eval` prints: per prompt, how many cases passed and the weighted pass rate
 * with its Wilson interval, verdicts that relied on Canon's leniency, the
 * per-assertion and per-metric tables, tokens, cost and latency, failures with the diff of
 * expected vs actual, the candidate-vs-baseline table, and the verdict in plain English.
 * @module
 */
import type { EvalReport, PromptEvaluation } from '../runner/evaluation'
import { type CaseFailure, caseFailures } from './case-failures'
import { casesHeadline } from './cases-headline'
import { comparisonTable, headline, overallVerdict } from './comparison-table'
import type { DiffLine } from './expected-vs-actual'
import { int, ms, oneLine, plural, printable, score, usd } from './format'
import { lenientLine, lenientVerdicts } from './lenient-verdicts'
import { type Painter, plainPainter } from './painter'

export interface TerminalReportOptions {
  color?: Painter
  /** Failed cases shown per prompt (the rest are counted). Default 20. */
  maxFailures?: number
}

function table(rows: string[][], indent = '  '): string[] {
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length)
    })
  }
  return rows.map((row) =>
    `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd(),
  )
}

function diffLines(lines: readonly DiffLine[], c: Painter, indent: string): string[] {
  return lines.map((line) => {
    if (line.kind === 'gap')
      return `${indent}${c.dim(`  … ${plural(line.count, 'unchanged line')}`)}`
    if (line.kind === 'same') return `${indent}${c.dim(`  ${printable(line.text)}`)}`
    const paint = line.kind === 'removed' ? c.red : c.green
    const sign = line.kind === 'removed' ? '- ' : '+ '
    const body = line.parts
      ? line.parts
          .map((p) => (p.changed ? c.inverse(printable(p.text)) : printable(p.text)))
          .join('')
      : printable(line.text)
    return `${indent}${paint(`${sign}${body}`)}`
  })
}

function failureLines(f: CaseFailure, c: Painter): string[] {
  const marks = [
    f.critical ? c.red('critical') : '',
    f.regressed ? c.yellow('regressed') : '',
    f.trial > 0 ? `trial ${f.trial + 1}` : '',
  ].filter(Boolean)
  const lines = [
    `  ${f.error ? c.yellow('⚠') : c.red('✖')} ${c.bold(f.id)}${marks.length ? `  ${marks.join(' ')}` : ''}  ${c.dim(`line ${f.line}`)}`,
  ]
  if (f.error)
    lines.push(`      ${c.yellow(`${f.error.kind} error:`)} ${printable(f.error.message)}`)
  for (const a of f.error ? [] : f.failed) lines.push(`      ${a.label}: ${oneLine(a.reason, 160)}`)
  if (f.diff) {
    lines.push(`      ${c.dim(`${f.diff.field} (−) vs output (+):`)}`)
    lines.push(...diffLines(f.diff.lines, c, '      '))
  } else if (f.output !== undefined && !f.error) {
    lines.push(`      ${c.dim('output:')} ${oneLine(f.output, 200)}`)
  }
  return lines
}

function promptSection(e: PromptEvaluation, c: Painter, maxFailures: number): string[] {
  const { run, gate } = e
  const t = run.totals
  const out: string[] = []
  out.push(`${c.bold(`${run.prompt.name} v${run.prompt.version}`)}  ${c.dim(e.file ?? '')}`)
  const who = [`${run.provider} ${run.model}`]
  if (run.judge) who.push(`judge ${run.judge}`)
  if (run.embeddings) who.push(`embeddings ${run.embeddings}`)
  out.push(
    `  ${c.dim(`${who.join(' · ')} · ${plural(t.cases, 'case')}${run.trials > 1 ? ` × ${run.trials} trials` : ''} · ${ms(run.durationMs)}`)}`,
  )
  const h = casesHeadline(e)
  const paint = gate.outcome === 'pass' ? c.green : gate.outcome === 'fail' ? c.red : c.yellow
  out.push(
    `  ${paint(c.bold(h.cases))} · ${h.weighted}, ${h.gate} · ${t.failed} failed · ${plural(t.errored, 'error')}`,
  )
  out.push('')

  if (t.assertions.length > 0) {
    const rows = [['assertion', 'weight', 'pass', 'fail', 'error', 'skip', 'mean']]
    for (const a of t.assertions) {
      rows.push([
        a.label,
        String(a.weight),
        String(a.passed),
        String(a.failed),
        String(a.errored),
        String(a.skipped),
        score(a.meanScore),
      ])
    }
    const [head, ...body] = table(rows)
    out.push(c.dim(head ?? ''), ...body, '')
  }
  const metrics = Object.entries(t.metrics)
  if (metrics.length > 0) {
    const rows = [
      ['metric', 'mean', 'cases'],
      ...metrics.map(([k, m]) => [k, score(m.mean), String(m.count)]),
    ]
    const [head, ...body] = table(rows)
    out.push(c.dim(head ?? ''), ...body, '')
  }

  const usage = [`tokens ${int(t.tokens.input)} in / ${int(t.tokens.output)} out`]
  if (t.judge.calls > 0)
    usage.push(
      `judge ${t.judge.calls} calls, ${int(t.judge.inputTokens + t.judge.outputTokens)} tokens`,
    )
  usage.push(`cost ${usd(t.costUsd)} (estimated ${usd(run.estimate.costUsd)})`)
  if (t.cachedCostUsd > 0) usage.push(`${usd(t.cachedCostUsd)} saved by the cache`)
  if (t.latencyMs) usage.push(`latency p50 ${ms(t.latencyMs.p50)}, p95 ${ms(t.latencyMs.p95)}`)
  out.push(`  ${usage.join(' · ')}`)
  if (run.cache) {
    out.push(
      `  ${c.dim(`cache ${run.cache.mode}: ${run.cache.hits} hits, ${run.cache.calls} provider calls, ${run.cache.writes} recorded`)}`,
    )
  }
  if (t.vacuous.length > 0) {
    out.push(
      `  ${c.yellow(`${plural(t.vacuous.length, 'case')} checked nothing (no assertion applied): ${t.vacuous.join(', ')}`)}`,
    )
  }

  const lenient = lenientVerdicts(run)
  if (lenient.length > 0) {
    out.push(
      '',
      `  ${c.yellow(`${plural(lenient.length, 'verdict')} relied on Canon's leniency (promptfoo would give the opposite):`)}`,
    )
    for (const v of lenient.slice(0, maxFailures)) out.push(`    ${printable(lenientLine(v))}`)
    if (lenient.length > maxFailures)
      out.push(`    ${c.dim(`… and ${lenient.length - maxFailures} more (see --report json)`)}`)
  }

  const failures = caseFailures(e)
  if (failures.length > 0) {
    const errors = failures.filter((f) => f.error).length
    const counts = [
      failures.length - errors > 0 ? plural(failures.length - errors, 'failed case') : '',
      errors > 0 ? plural(errors, 'case error') : '',
    ]
    out.push('', `  ${c.bold(counts.filter(Boolean).join(', '))}`)
    for (const f of failures.slice(0, maxFailures)) out.push(...failureLines(f, c))
    if (failures.length > maxFailures)
      out.push(`  ${c.dim(`… and ${failures.length - maxFailures} more (see --report json)`)}`)
  }

  const cmp = comparisonTable(e)
  if (cmp) {
    out.push('', `  ${c.bold(cmp.title)}`)
    const [head, ...body] = table([cmp.headers, ...cmp.rows], '    ')
    out.push(c.dim(head ?? ''), ...body)
    if (cmp.stats) out.push(`    ${cmp.stats}`)
    for (const note of cmp.notes) out.push(`    ${c.yellow(note)}`)
  } else if (e.baseline?.kind === 'missing') {
    out.push(
      '',
      `  ${c.yellow(`no baseline: ${e.baseline.reason}; only the absolute gate applied`)}`,
    )
  }

  out.push('', `  ${paint(c.bold(headline(gate.outcome)))}`)
  for (const reason of gate.reasons) out.push(`    ${reason}`)
  return out
}

/**
 * The human-readable report of a `canon eval`.
 * @example process.stdout.write(renderTerminalReport(report, { color: pc }))
 */
export function renderTerminalReport(
  report: EvalReport,
  options: TerminalReportOptions = {},
): string {
  const c = options.color ?? plainPainter
  const lines: string[] = []
  for (const e of report.evaluations) {
    lines.push(...promptSection(e, c, options.maxFailures ?? 20), '')
  }
  const paint = report.outcome === 'pass' ? c.green : report.outcome === 'fail' ? c.red : c.yellow
  const mark = report.outcome === 'pass' ? '✔' : report.outcome === 'fail' ? '✖' : '?'
  lines.push(paint(c.bold(`${mark} ${overallVerdict(report.evaluations)}`)))
  return `${lines.join('\n')}\n`
}
