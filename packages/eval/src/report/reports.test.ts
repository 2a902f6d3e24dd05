import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { evaluateGate } from '../gate/evaluate-gate'
import { createMockProvider } from '../providers/mock'
import { type PromptEvaluation, toCaseResults } from '../runner/evaluation'
import { runEval } from '../runner/run-eval'
import { CLASSIFIER, casesFrom, promptFrom } from '../runner/test-helpers'
import { buildEvalSummary } from '../summary/build-summary'
import { expectedVsActual } from './expected-vs-actual'
import { buildEvalReport, renderJsonReport } from './json-report'
import { renderJunitReport } from './junit-report'
import { mdText, renderMarkdownReport } from './markdown-report'
import { renderTerminalReport } from './terminal-report'
import { qaEvaluation } from './test-report'

const v1 = promptFrom(CLASSIFIER)
const v2 = promptFrom(CLASSIFIER.replace('version: 1', 'version: 2'))
const gateSpec = v1.evaluation!.gate
const NASTY = 'tab\there <b>&amp;</b> "quoted" \'single\' ]]> pipe | bell\u0007 end'

const cases = casesFrom(
  { id: 'refund', vars: { text: 'Refund' }, expected: 'billing', tags: ['critical'] },
  { id: 'nasty', vars: { text: 'x' }, expected: 'other' },
  ...Array.from({ length: 10 }, (_, i) => ({
    id: `crash-${i}`,
    vars: { text: 'x' },
    expected: 'technical',
  })),
)

async function evaluation(): Promise<PromptEvaluation> {
  const answers = (wrong: Record<string, string>) =>
    createMockProvider({
      outputs: (_req, ctx) =>
        wrong[ctx.caseId ?? ''] ?? cases.find((c) => c.id === ctx.caseId)?.expected ?? '',
    })
  const base = await runEval({ prompt: v1, cases, provider: answers({}) })
  const run = await runEval({
    prompt: v2,
    cases,
    provider: answers({
      refund: 'technical',
      nasty: NASTY,
      'crash-1': 'other',
      'crash-2': 'other',
    }),
  })
  const gate = evaluateGate({
    cases: toCaseResults(run),
    baseline: toCaseResults(base),
    gate: gateSpec,
  })
  return {
    file: 'prompts/classify.v2.yaml',
    run,
    gate,
    gateSpec,
    baseline: {
      kind: 'version',
      label: 'production',
      version: 1,
      digest: base.prompt.digest,
      run: base,
    },
    summary: buildEvalSummary(run, gate, gateSpec, { label: 'production', version: 1 }),
  }
}

describe('terminal report', () => {
  it('shows the Wilson interval, failures with a diff, the baseline table and the verdict', async () => {
    const report = buildEvalReport([await evaluation()], new Date(), 12)
    const text = renderTerminalReport(report)
    expect(text).toMatch(/^Classify v2 {2}prompts\/classify\.v2\.yaml$/m)
    // Cases passed lead, as in promptfoo; the weighted pass rate the gate uses sits beside them.
    expect(text.split('\n')[2]).toBe(
      '  8 of 12 cases passed · weighted pass rate 72.9% (95% CI 44.8%–89.9%), the gate needs 90.0% · 4 failed · 0 errors',
    )
    expect(text).toContain('  ✖ refund  critical regressed  line 1\n')
    expect(text).toContain('      equals [accuracy]: output "technical" differs from "billing"\n')
    expect(text).toContain('      - billing\n      + technical\n')
    expect(text).toMatch(/^ {4}weighted pass rate +100\.0% +72\.9% +−27\.1 pts$/m)
    expect(text).toContain(
      'paired on 12 cases: b = 4 regressed, c = 0 improved, McNemar exact p = 0.13; Δ score −0.27 (90% CI −0.46 … −0.08), margin 5 pts',
    )
    // A control character in an answer is shown, never sent to the terminal.
    expect(text).toContain(`+ ${NASTY.replace('\u0007', '␇')}`)
    expect(text).toContain('  FAIL: the gate failed\n')
    expect(text).toContain('critical case failed: `refund`')
    expect(text.trimEnd().split('\n').at(-1)).toBe('✖ Classify v2 fails the gate.')
  })
})

describe('JUnit report', () => {
  it('is well-formed XML a JUnit parser reads: one suite per prompt, one case per dataset case', async () => {
    const report = buildEvalReport([await evaluation()], new Date('2025-01-02T03:04:05Z'), 1500)
    const xml = renderJunitReport(report)
    expect(XMLValidator.validate(xml)).toBe(true)
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
    }).parse(xml)
    const suites = parsed.testsuites
    expect(suites).toMatchObject({
      name: 'canon eval',
      tests: '13',
      failures: '5',
      errors: '0',
      time: '1.500',
    })
    const suite = suites.testsuite[0]
    expect(suite).toMatchObject({
      name: 'Classify v2',
      tests: '13',
      failures: '5',
      file: 'prompts/classify.v2.yaml',
    })
    const props = Object.fromEntries(
      suite.properties.property.map((p: { name: string; value: string }) => [p.name, p.value]),
    )
    expect(props).toMatchObject({
      'canon.gate.outcome': 'fail',
      'canon.casesPassed': '8',
      'canon.casesTotal': '12',
      'canon.provider': 'mock',
      'canon.metric.format': '0.9167',
    })
    expect(suite.testcase.map((t: { name: string }) => t.name)).toEqual([
      ...cases.map((c) => c.id),
      'gate',
    ])
    const refund = suite.testcase[0]
    expect(refund.classname).toBe('Classify.v2')
    expect(refund.failure.message).toBe(
      'equals [accuracy]: output "technical" differs from "billing"',
    )
    expect(refund.failure['#text']).toContain('- billing\n+ technical')
    const caseProps = Object.fromEntries(
      refund.properties.property.map((p: { name: string; value: string }) => [p.name, p.value]),
    )
    expect(caseProps).toMatchObject({ score: '0.25', tags: 'critical', 'metric.accuracy': '0' })
    expect(suite.testcase[2].failure).toBeUndefined()
    expect(suite.testcase.at(-1).failure.message).toMatch(
      /^weighted pass rate 72\.9% .* is below the required 90\.0%$/,
    )
    expect(suite.testcase.at(-1).failure['#text']).toContain('critical case failed: `refund`')
  })

  it('escapes markup and drops characters XML cannot carry, keeping the rest of the text', async () => {
    const xml = renderJunitReport(buildEvalReport([await evaluation()], new Date(), 1))
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      processEntities: true,
      htmlEntities: true,
      isArray: (n) => n === 'testcase',
    }).parse(xml)
    const nasty = parsed.testsuites.testsuite.testcase.find(
      (t: { name: string }) => t.name === 'nasty',
    )
    expect(nasty.failure['#text']).toContain(NASTY.replace('\u0007', '\uFFFD'))
    expect(xml).not.toContain('\u0007')
    expect(xml).not.toContain('<b>')
  })
})

describe('Markdown report', () => {
  it('is a PR comment: summary table, verdict, baseline table, failing cases collapsed with diffs', async () => {
    const md = renderMarkdownReport(buildEvalReport([await evaluation()], new Date(), 1))
    expect(md.startsWith('## ❌ Canon eval: Classify v2 fails the gate.\n')).toBe(true)
    expect(md).toContain(
      '| prompt | cases passed | weighted pass rate (95% CI) | gate | vs baseline | cost |',
    )
    expect(md).toContain(
      '| `Classify` v2 | 8 of 12 | 72.9% (44.8%–89.9%) | ❌ fail | −27.1 pts vs production v1 (❌ fail) | $0 |',
    )
    expect(md).toContain(
      '**8 of 12 cases passed** · weighted pass rate 72.9% (95% CI 44.8%–89.9%), the gate needs 90.0%\n',
    )
    expect(md).toContain('- critical case failed: `refund`\n')
    expect(md).toContain(
      '| `regex "^(billing\\|technical\\|other)$" [format]` | 1 | 11 | 1 | 0 | 0 | 0.92 |',
    )
    expect(md).toContain('**FAIL: the gate failed**')
    expect(md).toContain('| weighted pass rate | 100.0% | 72.9% | −27.1 pts |')
    expect(md).toContain('<details><summary>4 failing cases</summary>')
    expect(md).toContain('#### `refund` **critical** · **regressed**')
    expect(md).toContain('```diff\n- billing\n+ technical\n```')
    // The nasty output sits in a diff fence, verbatim; in prose it is escaped.
    expect(md).toContain(`+ ${NASTY.replace('\u0007', '␇')}`)
    expect(md).not.toMatch(/^- \*\*.*<b>/m)
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length)
  })
})

describe('expectedVsActual', () => {
  it('diffs only the keys a JSON expectation names, pretty-printed on both sides', () => {
    const run = {
      id: 'x',
      line: 1,
      tags: [],
      expectedJson: { urgency: 'high', order_id: 'A-1' },
      pass: false,
      score: 0,
      weightedPass: 0,
      namedScores: {},
      trials: [],
    }
    const diff = expectedVsActual(
      run,
      '{"summary": "long text", "urgency": "low", "order_id": "A-1"}',
    )
    expect(diff?.field).toBe('expected_json')
    expect(diff?.lines).toEqual([
      { kind: 'same', text: '{' },
      { kind: 'removed', text: '  "urgency": "high",' },
      { kind: 'added', text: '  "urgency": "low",' },
      { kind: 'same', text: '  "order_id": "A-1"' },
      { kind: 'same', text: '}' },
    ])
  })
})

describe('every report leads with cases passed and names verdicts that relied on leniency', () => {
  it('terminal, Markdown, JUnit and JSON', async () => {
    const report = buildEvalReport([await qaEvaluation()], new Date(), 5)
    const note =
      'paris: equals [accuracy] passed — equal only after trimming surrounding whitespace (promptfoo compares exactly)'

    const text = renderTerminalReport(report)
    expect(text.split('\n')[2]).toMatch(/^ {2}2 of 4 cases passed · weighted pass rate 62\.5% /)
    expect(text).toContain(
      "  1 verdict relied on Canon's leniency (promptfoo would give the opposite):\n",
    )
    expect(text).toContain(`    ${note}\n`)

    const md = renderMarkdownReport(report)
    expect(md).toContain('| `Capitals` v3 | 2 of 4 |')
    expect(md).toContain(`- ${mdText(note)}`)

    const xml = renderJunitReport(report)
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
    }).parse(xml)
    const paris = parsed.testsuites.testsuite[0].testcase.find(
      (t: { name: string }) => t.name === 'paris',
    )
    const props = Object.fromEntries(
      paris.properties.property.map((p: { name: string; value: string }) => [p.name, p.value]),
    )
    expect(props.lenient).toBe(note)

    const json = JSON.parse(renderJsonReport(report))
    expect(json).toMatchObject({ casesPassed: 2, casesTotal: 4, schemaVersion: 1 })
    const parisRun = json.evaluations[0].run.cases.find((c: { id: string }) => c.id === 'paris')
    expect(parisRun.vars).toEqual({ country: 'France' })
    expect(parisRun.trials[0].assertions[0]).toMatchObject({
      type: 'equals',
      pass: true,
      lenient: 'equal only after trimming surrounding whitespace (promptfoo compares exactly)',
    })
  })
})
