/**
 * JUnit XML for CI test tabs: one `<testsuite>` per prompt, one `<testcase>` per dataset case
 * (plus one for the gate itself), failures with their messages, scores as properties.
 * @module
 */
import type { EvalReport, PromptEvaluation } from '../runner/evaluation'
import type { CaseRun } from '../runner/types'
import { type CaseFailure, caseFailures } from './case-failures'
import type { DiffLine } from './expected-vs-actual'
import { lenientLine, lenientVerdicts } from './lenient-verdicts'

/** Characters XML 1.0 cannot carry at all, even escaped (controls, lone surrogates, U+FFFE/F). */
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/**
 * Text safe inside an XML attribute or element: markup characters escaped, characters XML
 * cannot represent replaced with U+FFFD.
 * @example xmlEscape('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 */
export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
}

function attrs(values: Record<string, string | number | undefined>): string {
  return (
    Object.entries(values)
      .filter(([, v]) => v !== undefined)
      // Parsers normalize raw newlines and tabs in attributes to spaces; keep them as references.
      .map(
        ([k, v]) =>
          ` ${k}="${xmlEscape(String(v)).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')}"`,
      )
      .join('')
  )
}

function properties(values: Record<string, string | number | undefined>, indent: string): string[] {
  const entries = Object.entries(values).filter(([, v]) => v !== undefined)
  if (entries.length === 0) return []
  return [
    `${indent}<properties>`,
    ...entries.map(([name, value]) => `${indent}  <property${attrs({ name, value })}/>`),
    `${indent}</properties>`,
  ]
}

const seconds = (msValue: number) => (msValue / 1000).toFixed(3)

function plainDiff(lines: readonly DiffLine[]): string[] {
  return lines.map((l) =>
    l.kind === 'gap'
      ? `  … ${l.count} unchanged`
      : `${l.kind === 'removed' ? '- ' : l.kind === 'added' ? '+ ' : '  '}${l.text}`,
  )
}

function failureBody(f: CaseFailure): string {
  const lines = f.failed.map((a) => `${a.label}: ${a.reason}`)
  if (f.diff) lines.push('', `${f.diff.field} (-) vs output (+):`, ...plainDiff(f.diff.lines))
  if (f.output !== undefined) lines.push('', 'output:', f.output)
  return lines.join('\n')
}

function caseXml(
  c: CaseRun,
  suite: string,
  file: string | undefined,
  failure: CaseFailure | undefined,
): string[] {
  const time = c.trials.reduce((s, t) => s + (t.latencyMs ?? 0), 0)
  const out = [
    `    <testcase${attrs({ name: c.id, classname: suite, time: seconds(time), file, line: c.line })}>`,
  ]
  const props: Record<string, string | number | undefined> = {
    score: Number(c.score.toFixed(4)),
    weightedPass: Number(c.weightedPass.toFixed(4)),
    tags: c.tags.length > 0 ? c.tags.join(',') : undefined,
    inputTokens: c.inputTokens,
  }
  for (const [k, v] of Object.entries(c.namedScores)) props[`metric.${k}`] = Number(v.toFixed(4))
  const lenient = lenientVerdicts({ cases: [c] })
  if (lenient.length > 0) props.lenient = lenient.map(lenientLine).join('\n')
  out.push(...properties(props, '      '))
  if (failure?.error) {
    out.push(
      `      <error${attrs({ message: failure.error.message, type: failure.error.kind })}>${xmlEscape(failure.error.message)}</error>`,
    )
  } else if (failure) {
    const first = failure.failed[0]
    const message = first ? `${first.label}: ${first.reason}` : 'the case failed'
    out.push(
      `      <failure${attrs({ message, type: 'assertion' })}>${xmlEscape(failureBody(failure))}</failure>`,
    )
  }
  out.push('    </testcase>')
  return out
}

function suiteXml(e: PromptEvaluation): {
  xml: string[]
  tests: number
  failures: number
  errors: number
  skipped: number
  time: number
} {
  const { run, gate } = e
  const name = `${run.prompt.name} v${run.prompt.version}`
  const classname = `${run.prompt.name}.v${run.prompt.version}`
  const failures = new Map(caseFailures(e).map((f) => [f.id, f]))
  const failed =
    run.cases.filter((c) => !c.error && !c.pass).length + (gate.outcome === 'fail' ? 1 : 0)
  const errors = run.totals.errored
  const skipped = gate.outcome === 'inconclusive' ? 1 : 0
  const tests = run.cases.length + 1
  const t = run.totals
  const suiteProps: Record<string, string | number | undefined> = {
    'canon.gate.outcome': gate.outcome,
    'canon.casesPassed': t.passed,
    'canon.casesTotal': t.cases,
    // The weighted pass rate, which the gate's min_pass_rate applies to (not the share of cases).
    'canon.passRate': Number(t.passRate.weighted.toFixed(4)),
    'canon.passRate.wilsonLow': Number(t.passRate.wilson.low.toFixed(4)),
    'canon.passRate.wilsonHigh': Number(t.passRate.wilson.high.toFixed(4)),
    'canon.provider': run.provider,
    'canon.model': run.model,
    'canon.judge': run.judge,
    'canon.digest': run.prompt.digest,
    'canon.tokens.input': t.tokens.input,
    'canon.tokens.output': t.tokens.output,
    'canon.costUsd': t.costUsd,
  }
  for (const [k, m] of Object.entries(t.metrics))
    suiteProps[`canon.metric.${k}`] = Number(m.mean.toFixed(4))
  const xml = [
    `  <testsuite${attrs({ name, tests, failures: failed, errors, skipped, time: seconds(run.durationMs), timestamp: run.startedAt, file: e.file })}>`,
    ...properties(suiteProps, '    '),
  ]
  for (const c of run.cases) xml.push(...caseXml(c, classname, e.file, failures.get(c.id)))
  xml.push(`    <testcase${attrs({ name: 'gate', classname, time: '0.000' })}>`)
  const reasons = gate.reasons.join('\n')
  if (gate.outcome === 'fail') {
    xml.push(
      `      <failure${attrs({ message: gate.reasons[0] ?? 'the gate failed', type: 'gate' })}>${xmlEscape(reasons)}</failure>`,
    )
  } else if (gate.outcome === 'inconclusive') {
    xml.push(`      <skipped${attrs({ message: `inconclusive: ${gate.reasons[0] ?? ''}` })}/>`)
  }
  xml.push('    </testcase>', '  </testsuite>')
  return { xml, tests, failures: failed, errors, skipped, time: run.durationMs }
}

/**
 * The report as JUnit XML (the Jenkins / GitLab / GitHub test-reporter dialect).
 * @example await writeFile('eval.junit.xml', renderJunitReport(report))
 */
export function renderJunitReport(report: EvalReport): string {
  const suites = report.evaluations.map(suiteXml)
  const sum = (k: 'tests' | 'failures' | 'errors' | 'skipped') =>
    suites.reduce((s, x) => s + x[k], 0)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'canon eval', tests: sum('tests'), failures: sum('failures'), errors: sum('errors'), skipped: sum('skipped'), time: seconds(report.durationMs), timestamp: report.startedAt })}>`,
    ...suites.flatMap((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n')
}
