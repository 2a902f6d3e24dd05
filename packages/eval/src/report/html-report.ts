/**
 * The report as one self-contained HTML file a reviewer opens from a CI artifact: the headline
 * (cases passed, weighted pass rate, gate verdict), a summary per prompt, and every case with
 * its inputs, output and each assertion's verdict and reason. No external assets and no script:
 * CSS inline, a Content-Security-Policy that forbids loading anything, every text escaped, and a
 * "failures only" filter that is a checkbox and one CSS rule.
 * @module
 */
import type { GateOutcome } from '../gate/types'
import type { EvalReport, PromptEvaluation } from '../runner/evaluation'
import type { CaseRun, TrialRun } from '../runner/types'
import { casesHeadline } from './cases-headline'
import { comparisonTable, headline, overallVerdict } from './comparison-table'
import { ms, pct, printable, score, usd } from './format'
import { lenientVerdicts } from './lenient-verdicts'

/**
 * Text safe in HTML element content and quoted attributes; control characters made visible.
 * @example escapeHtml('<script>alert("x")</script>') // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return printable(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const MARK: Record<GateOutcome, string> = { pass: '✔', fail: '✖', inconclusive: '?' }
const MAX_TEXT = 20_000

function clip(text: string): string {
  return text.length > MAX_TEXT
    ? `${text.slice(0, MAX_TEXT)}\n… (${text.length - MAX_TEXT} more characters in the JSON report)`
    : text
}

const STYLE = `
:root { color-scheme: light; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --line: #d0d7de; --dim: #57606a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1400px; padding: 16px 24px; color: #1f2328; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
.pass { color: var(--pass); } .fail { color: var(--fail); } .inconclusive, .error, .lenient { color: var(--warn); }
.dim, .skipped { color: var(--dim); }
.headline { font-size: 16px; margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; max-height: 24em; overflow: auto; }
dl { margin: 0; } dt { font-weight: 600; } dd { margin: 0 0 4px 0; }
ul.assertions { margin: 0; padding-left: 0; list-style: none; } ul.assertions li { margin-bottom: 3px; }
tr.case.failed > td:first-child { border-left: 4px solid var(--fail); }
tr.case.errored > td:first-child { border-left: 4px solid var(--warn); }
tr.case.passed > td:first-child { border-left: 4px solid var(--pass); }
.filter { position: sticky; top: 0; background: #fff; padding: 6px 0; border-bottom: 1px solid var(--line); }
body:has(#failures-only:checked) tr.case.passed { display: none; }
`

function kv(rows: ReadonlyArray<readonly [string, string]>): string {
  return `<table class="facts">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${v}</td></tr>`).join('')}</table>`
}

function varsCell(c: CaseRun): string {
  const entries = Object.entries(c.vars ?? {})
  if (entries.length === 0) return '<span class="dim">none</span>'
  return `<dl>${entries
    .map(([k, v]) => {
      const text = typeof v === 'string' ? v : JSON.stringify(v, null, 2)
      return `<dt>${escapeHtml(k)}</dt><dd><pre>${escapeHtml(clip(text ?? 'null'))}</pre></dd>`
    })
    .join('')}</dl>`
}

function assertionsCell(t: TrialRun): string {
  if (t.error)
    return `<span class="error">⚠ ${escapeHtml(`${t.error.kind} error: ${t.error.message}`)}</span>`
  if (t.assertions.length === 0) return '<span class="dim">no assertions</span>'
  return `<ul class="assertions">${t.assertions
    .map((a) => {
      const [cls, mark] = a.skipped
        ? ['skipped', '–']
        : a.error !== undefined
          ? ['error', '⚠']
          : a.pass
            ? ['pass', '✔']
            : ['fail', '✖']
      const label = a.metric === undefined ? a.type : `${a.type} [${a.metric}]`
      const weight = a.weight === 1 ? '' : ` <span class="dim">(weight ${a.weight})</span>`
      const lenient = a.lenient
        ? `<br><span class="lenient">relied on Canon's leniency: ${escapeHtml(a.lenient)}</span>`
        : ''
      return `<li class="${cls}">${mark} <strong>${escapeHtml(label)}</strong>${weight}: <span class="reason">${escapeHtml(a.reason)}</span>${lenient}</li>`
    })
    .join('')}</ul>`
}

function caseRows(c: CaseRun): string {
  const state = c.error ? 'errored' : c.pass ? 'passed' : 'failed'
  const verdict = c.error ? '⚠ error' : c.pass ? '✔ pass' : '✖ fail'
  const trials = c.trials.length > 0 ? c.trials : [undefined]
  return trials
    .map((t, i) => {
      const head =
        i === 0
          ? `<td rowspan="${trials.length}"><strong>${escapeHtml(c.id)}</strong><br><span class="dim">line ${c.line}${c.tags.length ? ` · ${escapeHtml(c.tags.join(', '))}` : ''}</span></td>` +
            `<td rowspan="${trials.length}" class="${state === 'passed' ? 'pass' : state === 'failed' ? 'fail' : 'error'}">${verdict}<br><span class="dim">score ${score(c.score)}</span></td>` +
            `<td rowspan="${trials.length}">${varsCell(c)}</td>`
          : ''
      const trial = c.trials.length > 1 ? `<span class="dim">trial ${i + 1}</span><br>` : ''
      const output =
        t?.output === undefined
          ? '<span class="dim">no output</span>'
          : `<pre>${escapeHtml(clip(t.output))}</pre>`
      return `<tr class="case ${state}" data-case="${escapeHtml(c.id)}">${head}<td>${trial}${output}</td><td>${t ? assertionsCell(t) : ''}</td></tr>`
    })
    .join('\n')
}

function promptSection(e: PromptEvaluation): string {
  const { run, gate } = e
  const t = run.totals
  const h = casesHeadline(e)
  const parts = [
    `<section class="prompt" id="${escapeHtml(`${run.prompt.name}-v${run.prompt.version}`)}">`,
    `<h2><span class="${gate.outcome}">${MARK[gate.outcome]}</span> ${escapeHtml(run.prompt.name)} v${run.prompt.version} <span class="dim">${escapeHtml(e.file ?? '')}</span></h2>`,
    `<p class="headline"><strong>${escapeHtml(h.cases)}</strong> · ${escapeHtml(h.weighted)}, ${escapeHtml(h.gate)}</p>`,
    `<p class="${gate.outcome}"><strong>${escapeHtml(headline(gate.outcome))}</strong></p>`,
    `<ul class="reasons">${gate.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`,
  ]
  const facts: [string, string][] = [
    ['model', escapeHtml(`${run.provider} ${run.model}`)],
    [
      'cases',
      `${t.passed} passed · ${t.failed} failed · ${t.errored} errors${run.trials > 1 ? ` · ${run.trials} trials each` : ''}`,
    ],
    ['tokens', `${t.tokens.input} in / ${t.tokens.output} out`],
    ['cost', escapeHtml(usd(t.costUsd))],
  ]
  if (run.judge) facts.push(['judge', escapeHtml(run.judge)])
  if (t.latencyMs) facts.push(['latency', `p50 ${ms(t.latencyMs.p50)}, p95 ${ms(t.latencyMs.p95)}`])
  parts.push(kv(facts))
  const lenient = lenientVerdicts(run).length
  if (lenient > 0) {
    parts.push(
      `<p class="lenient">${lenient} ${lenient === 1 ? 'verdict' : 'verdicts'} relied on Canon's leniency (trimmed whitespace, JSON in a code fence, a fractional levenshtein threshold): promptfoo would give the opposite. They are marked below.</p>`,
    )
  }
  if (t.assertions.length > 0) {
    parts.push(
      '<h3>Assertions</h3><table class="assertion-summary"><tr><th>assertion</th><th class="num">weight</th><th class="num">pass</th><th class="num">fail</th><th class="num">error</th><th class="num">skip</th><th class="num">mean score</th></tr>',
      ...t.assertions.map(
        (a) =>
          `<tr><td>${escapeHtml(a.label)}</td><td class="num">${a.weight}</td><td class="num">${a.passed}</td><td class="num">${a.failed}</td><td class="num">${a.errored}</td><td class="num">${a.skipped}</td><td class="num">${score(a.meanScore)}</td></tr>`,
      ),
      '</table>',
    )
  }
  const cmp = comparisonTable(e)
  if (cmp) {
    parts.push(
      `<h3>${escapeHtml(cmp.title)}</h3><table class="comparison"><tr>${cmp.headers.map((x) => `<th>${escapeHtml(x)}</th>`).join('')}</tr>`,
      ...cmp.rows.map((r) => `<tr>${r.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`),
      '</table>',
    )
    if (cmp.stats) parts.push(`<p>${escapeHtml(cmp.stats)}</p>`)
    for (const note of cmp.notes) parts.push(`<p class="inconclusive">${escapeHtml(note)}</p>`)
  }
  parts.push(
    '<h3>Cases</h3><table class="cases"><thead><tr><th>case</th><th>result</th><th>inputs</th><th>output</th><th>assertions</th></tr></thead><tbody>',
    ...run.cases.map(caseRows),
    '</tbody></table></section>',
  )
  return parts.join('\n')
}

/**
 * The whole report as one HTML page.
 * @example await writeFile('eval.html', renderHtmlReport(report)) // upload as a CI artifact
 */
export function renderHtmlReport(report: EvalReport): string {
  const verdict = overallVerdict(report.evaluations)
  const failing = report.casesTotal - report.casesPassed
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(`Canon eval: ${verdict}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1><span class="${report.outcome}">${MARK[report.outcome]}</span> Canon eval: ${escapeHtml(verdict)}</h1>
<p class="headline" id="headline"><strong>${report.casesPassed} of ${report.casesTotal} cases passed</strong>${report.evaluations.length > 1 ? ` over ${report.evaluations.length} prompts` : ''} · ${report.evaluations.map((e) => `${escapeHtml(e.run.prompt.name)} v${e.run.prompt.version}: weighted pass rate ${pct(e.run.totals.passRate.weighted)}`).join(' · ')}</p>
<p class="dim">started ${escapeHtml(report.startedAt)} · took ${ms(report.durationMs)}</p>
<div class="filter"><label><input type="checkbox" id="failures-only"> show only the ${failing} failing or errored ${failing === 1 ? 'case' : 'cases'}</label></div>
</header>
<main>
${report.evaluations.map(promptSection).join('\n')}
</main>
</body>
</html>
`
}
