/**
 * The report as GitHub-flavoured Markdown, ready to post as a pull-request comment: a summary
 * table, the verdict, the candidate-vs-baseline table, and failing cases collapsed in
 * `<details>` with their diffs.
 * @module
 */
import type { GateOutcome } from '../gate/types'
import type { EvalReport, PromptEvaluation } from '../runner/evaluation'
import { type CaseFailure, caseFailures } from './case-failures'
import { casesHeadline } from './cases-headline'
import { comparisonTable, headline, overallVerdict } from './comparison-table'
import type { DiffLine } from './expected-vs-actual'
import { ms, pct, plural, points, printable, score, usd } from './format'
import { lenientLine, lenientVerdicts } from './lenient-verdicts'

export interface MarkdownReportOptions {
  /** Failing cases listed per prompt. Default 25 (GitHub comments are capped at 65,536 characters). */
  maxFailures?: number
}

const ICON: Record<GateOutcome, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️' }

/** Text for Markdown prose and table cells: no HTML, no table breaks, no stray emphasis. */
export function mdText(text: string): string {
  return printable(text)
    .replace(/([\\`*_[\]|])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ')
}

/**
 * Prose that already uses backticks for ids (gate reasons): code spans kept verbatim, the rest
 * escaped with `mdText`.
 */
export function mdInline(text: string): string {
  return printable(text)
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : mdText(part)))
    .join('')
}

/** Inline code that survives backticks inside the text. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`
}

/** Inline code inside a table cell: GitHub splits cells on `|` even inside code spans. */
function cellCode(text: string): string {
  return code(text).replace(/\|/g, '\\|')
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fenced(body: string, lang = ''): string[] {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return [`${fence}${lang}`, body, fence]
}

function mdTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align?: string[],
): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map((_, i) => align?.[i] ?? '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ]
}

function diffText(lines: readonly DiffLine[]): string {
  return lines
    .map((l) =>
      l.kind === 'gap'
        ? `  … ${plural(l.count, 'unchanged line')}`
        : `${l.kind === 'removed' ? '-' : l.kind === 'added' ? '+' : ' '} ${l.text}`,
    )
    .join('\n')
}

function clip(text: string, max = 1200): string {
  return text.length > max
    ? `${text.slice(0, max)}\n… (${text.length - max} more characters)`
    : text
}

function failureBlock(f: CaseFailure): string[] {
  const marks = [
    f.critical ? '**critical**' : '',
    f.regressed ? '**regressed**' : '',
    f.error ? `**${f.error.kind} error**` : '',
  ]
  const out = [`#### ${code(f.id)} ${marks.filter(Boolean).join(' · ')}`.trimEnd(), '']
  if (f.error) out.push(mdInline(f.error.message), '')
  for (const a of f.error ? [] : f.failed) out.push(`- **${mdText(a.label)}**: ${mdText(a.reason)}`)
  if (!f.error && f.failed.length > 0) out.push('')
  if (f.diff) {
    out.push(
      `${code(f.diff.field)} (−) vs output (+):`,
      '',
      ...fenced(printable(diffText(f.diff.lines)), 'diff'),
      '',
    )
  } else if (f.output !== undefined && !f.error) {
    out.push('Output:', '', ...fenced(printable(clip(f.output))), '')
  }
  return out
}

function baselineCell(e: PromptEvaluation): string {
  const b = e.baseline
  if (!b) return '—'
  if (b.kind === 'missing') return `no ${mdText(b.label)} yet`
  const cmp = e.gate.comparison
  const base = b.kind === 'version' ? b.run.totals.passRate.weighted : b.summary.passRate
  const delta = points(e.run.totals.passRate.weighted - base)
  const what =
    b.kind === 'version' ? `${mdText(b.label)} v${b.version}` : `v${b.version} as published`
  return `${delta} vs ${what}${cmp ? ` (${ICON[cmp.verdict]} ${cmp.verdict})` : ''}`
}

function promptSection(e: PromptEvaluation, maxFailures: number): string[] {
  const { run, gate } = e
  const t = run.totals
  const out = [`### ${ICON[gate.outcome]} ${mdText(run.prompt.name)} v${run.prompt.version}`, '']
  const h = casesHeadline(e)
  out.push(`**${h.cases}** · ${h.weighted}, ${h.gate}`, '')
  out.push(`**${headline(gate.outcome)}**`, '')
  for (const reason of gate.reasons) out.push(`- ${mdInline(reason)}`)
  out.push('')
  const cmp = comparisonTable(e)
  if (cmp) {
    out.push(`**${mdText(cmp.title)}**`, '')
    out.push(
      ...mdTable(
        cmp.headers.map(mdText),
        cmp.rows.map((r) => r.map(mdText)),
        ['---', '---:', '---:', '---:'],
      ),
      '',
    )
    if (cmp.stats) out.push(mdText(cmp.stats), '')
    for (const note of cmp.notes) out.push(`> ${mdText(note)}`, '')
  }
  const lenient = lenientVerdicts(run)
  if (lenient.length > 0) {
    out.push(
      `<details><summary>${plural(lenient.length, 'verdict')} relied on Canon's leniency (promptfoo would give the opposite)</summary>`,
      '',
    )
    for (const v of lenient.slice(0, maxFailures)) out.push(`- ${mdText(lenientLine(v))}`)
    if (lenient.length > maxFailures) out.push(`- … and ${lenient.length - maxFailures} more`)
    out.push('', '</details>', '')
  }
  const failures = caseFailures(e)
  if (failures.length > 0) {
    const errors = failures.filter((f) => f.error).length
    const label = [
      failures.length - errors > 0 ? plural(failures.length - errors, 'failing case') : '',
      errors > 0 ? plural(errors, 'case error') : '',
    ]
      .filter(Boolean)
      .join(', ')
    out.push(`<details><summary>${label}</summary>`, '')
    for (const f of failures.slice(0, maxFailures)) out.push(...failureBlock(f))
    if (failures.length > maxFailures)
      out.push(`… and ${failures.length - maxFailures} more (see the JSON report).`, '')
    out.push('</details>', '')
  }
  if (t.assertions.length > 0 || Object.keys(t.metrics).length > 0) {
    out.push('<details><summary>Assertions and metrics</summary>', '')
    if (t.assertions.length > 0) {
      out.push(
        ...mdTable(
          ['assertion', 'weight', 'pass', 'fail', 'error', 'skip', 'mean score'],
          t.assertions.map((a) => [
            cellCode(a.label),
            String(a.weight),
            String(a.passed),
            String(a.failed),
            String(a.errored),
            String(a.skipped),
            score(a.meanScore),
          ]),
          ['---', '---:', '---:', '---:', '---:', '---:', '---:'],
        ),
        '',
      )
    }
    const metrics = Object.entries(t.metrics)
    if (metrics.length > 0) {
      out.push(
        ...mdTable(
          ['metric', 'mean', 'cases'],
          metrics.map(([k, m]) => [cellCode(k), score(m.mean), String(m.count)]),
          ['---', '---:', '---:'],
        ),
        '',
      )
    }
    out.push('</details>', '')
  }
  const who = [`${run.provider} ${run.model}`]
  if (run.judge) who.push(`judge ${run.judge}`)
  if (run.embeddings) who.push(`embeddings ${run.embeddings}`)
  out.push(
    `<sub>${mdText(`${who.join(' · ')} · ${e.file ?? ''} · ${ms(run.durationMs)}`)}</sub>`,
    '',
  )
  return out
}

/**
 * The report as Markdown for a pull-request comment.
 * @example await writeFile('eval.md', renderMarkdownReport(report)) // then: gh pr comment --body-file eval.md
 */
export function renderMarkdownReport(
  report: EvalReport,
  options: MarkdownReportOptions = {},
): string {
  const out = [
    `## ${ICON[report.outcome]} Canon eval: ${mdText(overallVerdict(report.evaluations))}`,
    '',
  ]
  const rows = report.evaluations.map((e) => {
    const t = e.run.totals
    return [
      `${cellCode(e.run.prompt.name)} v${e.run.prompt.version}`,
      `${t.passed} of ${t.cases}`,
      `${pct(t.passRate.weighted)} (${pct(t.passRate.wilson.low)}–${pct(t.passRate.wilson.high)})`,
      `${ICON[e.gate.outcome]} ${e.gate.outcome}`,
      baselineCell(e),
      usd(t.costUsd),
    ]
  })
  out.push(
    ...mdTable(
      ['prompt', 'cases passed', 'weighted pass rate (95% CI)', 'gate', 'vs baseline', 'cost'],
      rows,
      ['---', '---:', '---', '---', '---', '---:'],
    ),
    '',
  )
  for (const e of report.evaluations) out.push(...promptSection(e, options.maxFailures ?? 25))
  return `${out.join('\n').trimEnd()}\n`
}
