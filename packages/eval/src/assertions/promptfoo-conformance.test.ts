import { readFileSync } from 'node:fs'
import type { AssertionSpec } from '@canon/core'
import { describe, expect, it } from 'vitest'
import type { CorpusEntry } from '../../scripts/promptfoo-corpus'
import { runAssertion } from './run-assertion'
import { scoreCase } from './score-case'
import { fakeEmbeddings, fakeJudge, makeCase } from './test-helpers'
import { validateAssertionSpec } from './validate-assertion'

/**
 * Canon against promptfoo's own verdicts, recorded by scripts/record-promptfoo-fixtures.ts from
 * a real promptfoo install: every case must get the same pass/fail and score, except the
 * differences Canon documents, listed here with their reason. A documented difference that no
 * longer differs fails too, so this list stays true.
 */
type PromptfooVerdict = { pass: boolean; score: number } | { error: string }
type Verdict = PromptfooVerdict | { skipped: string }
interface Recorded extends CorpusEntry {
  promptfoo: PromptfooVerdict
}
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/promptfoo-assertions.json', import.meta.url), 'utf8'),
) as { recordedWith: string; cases: Recorded[] }

/** Canon's leniencies: the result must say it relied on one (`lenient`). */
const LENIENT: Record<string, string> = {
  'equals-trailing-newline': 'equals trims surrounding whitespace',
  'equals-padded-value': 'equals trims surrounding whitespace (of the value too)',
  'equals-object-fenced': 'JSON is read from inside a code fence',
  'is-json-fenced': 'JSON is read from inside a code fence',
  'not-is-json-fenced': 'JSON is read from inside a code fence',
  'levenshtein-trailing-newlines': 'levenshtein trims surrounding whitespace',
  'levenshtein-fraction-threshold': 'a levenshtein threshold below 1 is a minimum similarity',
}

/** Other documented differences. */
const DIFFERENT: Record<string, string> = {
  'rubric-judge-passes-low-score':
    'Canon decides llm-rubric from the score (threshold default 0.7); promptfoo takes the judge’s own pass when no threshold is set',
  'rubric-judge-fails-high-score':
    'Canon decides llm-rubric from the score and ignores the judge’s pass field; promptfoo takes the judge’s pass',
  'rubric-unparseable-answer':
    'Canon: a judge answer without a score is an error (no verdict, reported apart); promptfoo fails the assertion',
  'contains-list':
    'Canon: a list in `contains` means all of them (like `expected_substr`); promptfoo rejects it',
  'contains-all-empty-list':
    'Canon: an empty list is a configuration error; promptfoo passes it vacuously',
  'regex-invalid':
    'Canon: an invalid pattern is a configuration error (canon validate rejects it); promptfoo fails the assertion',
  'contains-json-yaml-flow':
    'Canon looks for JSON; promptfoo also accepts YAML flow mappings such as {a: 1}',
  'contains-json-truncated':
    'Canon does not complete truncated JSON; promptfoo appends the missing braces',
  'contains-json-brace-in-string':
    'Canon skips braces inside JSON strings; promptfoo counts them and misses the object',
  'latency-unmeasured':
    'Canon skips latency when none was measured (cached replay); promptfoo errors',
  'is-refusal-empty':
    'both pass; Canon scores a passing assertion 1, promptfoo scores an empty refusal 0',
  'weight-zero-failing':
    'promptfoo reports a weight-0 assertion as passed; Canon shows its own verdict (it never gates the case, see case-weight-zero-ignored)',
  'case-only-weight-zero': 'both pass; with nothing counted Canon scores the case 1, promptfoo 0',
}

/** Canon's levenshtein score is the similarity 1 − distance / length; promptfoo's is 0 or 1. */
const SCORE_IS_SIMILARITY = new Set(['levenshtein', 'not-levenshtein'])

async function canonVerdict(entry: Recorded): Promise<{ verdict: Verdict; lenient: string[] }> {
  const ctx = {
    output: entry.output,
    case: makeCase(),
    ...(entry.latencyMs === undefined ? {} : { latencyMs: entry.latencyMs }),
    ...(entry.cost === undefined ? {} : { costUsd: entry.cost }),
    // The same stub graders promptfoo got when the fixture was recorded.
    ...(entry.judge === undefined ? {} : { judge: fakeJudge(entry.judge) }),
    ...(entry.embeddings === undefined ? {} : { embeddings: fakeEmbeddings(entry.embeddings) }),
  }
  const specs = (entry.assertions ?? [entry.assertion]) as AssertionSpec[]
  const results = await Promise.all(specs.map((spec) => runAssertion(spec, ctx)))
  const lenient = results.flatMap((r) => (r.lenient ? [r.lenient] : []))
  const error = results.find((r) => r.error !== undefined)?.error
  if (error !== undefined) return { verdict: { error }, lenient }
  if (!entry.assertions) {
    const [r] = results
    return {
      verdict: r?.skipped ? { skipped: r.reason } : { pass: !!r?.pass, score: r?.score ?? 0 },
      lenient,
    }
  }
  const { pass, score } = scoreCase(results)
  return { verdict: { pass, score }, lenient }
}

function same(entry: Recorded, canon: Verdict): boolean {
  const pf = entry.promptfoo
  if ('skipped' in canon) return false
  if ('error' in pf || 'error' in canon) return 'error' in pf && 'error' in canon
  if (pf.pass !== canon.pass) return false
  if (entry.assertion && SCORE_IS_SIMILARITY.has(entry.assertion.type)) return true
  return Math.abs(pf.score - canon.score) < 1e-9
}

describe(`assertions mean what they mean in ${fixture.recordedWith}`, () => {
  it('covers every shared type on at least 73 recorded cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(73)
    const types = new Set(
      fixture.cases.flatMap((c) =>
        (c.assertions ?? [c.assertion]).map((a) => a?.type.replace(/^not-/, '')),
      ),
    )
    for (const t of [
      'equals',
      'contains',
      'icontains',
      'contains-any',
      'contains-all',
      'icontains-any',
      'icontains-all',
      'starts-with',
      'regex',
      'is-json',
      'contains-json',
      'word-count',
      'levenshtein',
      'latency',
      'cost',
      'is-refusal',
      'similar',
      'llm-rubric',
    ]) {
      expect(types, t).toContain(t)
    }
  })

  it('gives promptfoo’s verdict on every case but the documented differences', async () => {
    const unexpected: string[] = []
    const stale: string[] = []
    const unnoted: string[] = []
    for (const entry of fixture.cases) {
      const { verdict, lenient } = await canonVerdict(entry)
      const documented = LENIENT[entry.id] ?? DIFFERENT[entry.id]
      const identical = same(entry, verdict)
      const line = `${entry.id}: promptfoo ${JSON.stringify(entry.promptfoo)}, Canon ${JSON.stringify(verdict)}`
      if (!identical && !documented) unexpected.push(line)
      if (identical && documented) stale.push(`${line} (listed as: ${documented})`)
      if (LENIENT[entry.id] && lenient.length === 0) unnoted.push(line)
      if (!LENIENT[entry.id] && lenient.length > 0)
        unnoted.push(`${line} noted ${lenient.join('; ')}`)
    }
    expect(unexpected, 'differences nobody documented').toEqual([])
    expect(stale, 'documented differences that no longer differ').toEqual([])
    expect(unnoted, 'leniency must be noted exactly where it decided the verdict').toEqual([])
    const documentedCount = Object.keys(LENIENT).length + Object.keys(DIFFERENT).length
    expect(fixture.cases.length - documentedCount).toBeGreaterThanOrEqual(100)
  })

  it('rejects at validation what promptfoo rejects when it runs', () => {
    for (const entry of fixture.cases) {
      if (!('error' in entry.promptfoo) || DIFFERENT[entry.id]) continue
      expect(validateAssertionSpec(entry.assertion), entry.id).not.toEqual([])
    }
  })
})
