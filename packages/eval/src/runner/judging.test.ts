import { describe, expect, it } from 'vitest'
import { createMockProvider } from '../providers/mock'
import type { CompletionRequest } from '../providers/types'
import { evalProviderResolver } from './eval-providers'
import { runEval } from './run-eval'
import { casesFrom, promptFrom } from './test-helpers'

const SUMMARIZER = `
name: Summarize
version: 1
inputs: { ticket: string }
model: { provider: openai, name: gpt-4o-mini, max_tokens: 200 }
template: "Summarize as JSON: {{ ticket }}"
evaluation:
  dataset: ./x.jsonl
  assertions:
    - { type: is-json, metric: valid_json }
    - { type: llm-rubric, metric: faithfulness, weight: 2 }
`
const prompt = promptFrom(SUMMARIZER)
const cases = casesFrom(
  { id: 'a', vars: { ticket: 'Refund INV-1' }, criteria: 'Mentions INV-1.' },
  { id: 'b', vars: { ticket: 'Crash on login' }, criteria: 'Mentions the crash.' },
)

/** A live judge double: answers with a score per case and counts its calls. */
function judgeModel(scores: Record<string, number>) {
  const requests: CompletionRequest[] = []
  const provider = createMockProvider({
    model: 'judge-model',
    outputs: (req, ctx) => {
      requests.push(req)
      return {
        text: `{"score": ${scores[ctx.caseId ?? ''] ?? 0}, "reason": "graded"}`,
        usage: { inputTokens: 100, outputTokens: 10 },
      }
    },
  })
  return { provider, requests }
}

describe('llm-rubric in the runner', () => {
  it('runs deterministic checks first and does not pay a judge for a case they already failed', async () => {
    const judge = judgeModel({ a: 0.9, b: 0.9 })
    const run = await runEval({
      prompt,
      cases,
      provider: createMockProvider({ outputs: { a: '{"summary": "INV-1"}', b: 'not json' } }),
      judge: { kind: 'model', provider: judge.provider, model: 'judge-model' },
    })
    expect(judge.requests).toHaveLength(1)
    const [a, b] = run.cases
    expect(a?.pass).toBe(true)
    expect(a?.namedScores.faithfulness).toBe(0.9)
    const rubric = b?.trials[0]?.assertions[1]
    expect(rubric).toMatchObject({ type: 'llm-rubric', pass: false, score: 0 })
    expect(rubric?.reason).toBe('not graded: `is-json` already failed the case')
    expect(run.totals.judge).toMatchObject({ calls: 1, inputTokens: 100, outputTokens: 10 })
    expect(run.judge).toBe('mock:judge-model')
  })

  it('grades offline from recorded verdicts, through the same parser as a live judge', async () => {
    const run = await runEval({
      prompt,
      cases,
      provider: createMockProvider({ outputs: () => '{"summary": "x"}' }),
      judge: {
        kind: 'recorded',
        source: 'x.v1.fixtures.jsonl',
        verdicts: new Map([
          ['a', [{ score: 0.95, reason: 'Names INV-1.' }]],
          ['b', [{ score: 0.4, reason: 'Does not mention the crash.' }]],
        ]),
      },
    })
    expect(run.cases.map((c) => c.pass)).toEqual([true, false])
    expect(run.cases[1]?.trials[0]?.assertions[1]?.reason).toBe(
      'judge score 0.4 (threshold 0.7): Does not mention the crash.',
    )
    expect(run.judge).toBe('recorded verdicts (x.v1.fixtures.jsonl)')
    expect(run.totals.judge.calls).toBe(0)
  })

  it('makes a missing recorded verdict an error for the case that says what to add', async () => {
    const run = await runEval({
      prompt,
      cases,
      provider: createMockProvider({ outputs: () => '{"summary": "x"}' }),
      judge: {
        kind: 'recorded',
        source: 'x.v1.fixtures.jsonl',
        verdicts: new Map([['a', [{ score: 1, reason: '' }]]]),
      },
    })
    expect(run.cases[0]?.pass).toBe(true)
    expect(run.cases[1]?.error?.kind).toBe('assertion')
    expect(run.cases[1]?.error?.message).toBe(
      'llm-rubric: no recorded judge verdict for case "b" in x.v1.fixtures.jsonl: add "judge": {"score": 0..1, "reason": "…"} to its line (a list gives one per llm-rubric), or grade with a live judge (--judge provider:model)',
    )
    expect(run.totals.errored).toBe(1)
  })

  it('gives each rubric of a case its own recorded verdict when the fixture lists several', async () => {
    const two = promptFrom(
      SUMMARIZER.replace(
        '- { type: llm-rubric, metric: faithfulness, weight: 2 }',
        "- { type: llm-rubric, metric: faithfulness }\n    - { type: llm-rubric, value: 'Is polite.', metric: tone }",
      ),
    )
    const run = await runEval({
      prompt: two,
      cases: cases.slice(0, 1),
      provider: createMockProvider({ outputs: () => '{"summary": "x"}' }),
      judge: {
        kind: 'recorded',
        source: 'f.jsonl',
        verdicts: new Map([
          [
            'a',
            [
              { score: 0.9, reason: 'faithful' },
              { score: 0.3, reason: 'curt' },
            ],
          ],
        ]),
      },
    })
    expect(run.cases[0]?.namedScores).toMatchObject({ faithfulness: 0.9, tone: 0.3 })
  })

  it('makes an unparseable judge answer an error, never a pass', async () => {
    const judge = createMockProvider({ model: 'judge-model', outputs: () => 'Looks great to me!' })
    const run = await runEval({
      prompt,
      cases: cases.slice(0, 1),
      provider: createMockProvider({ outputs: () => '{"summary": "INV-1"}' }),
      judge: { kind: 'model', provider: judge, model: 'judge-model' },
    })
    expect(run.cases[0]?.pass).toBe(false)
    expect(run.cases[0]?.error?.kind).toBe('assertion')
  })
})

describe('evalProviderResolver', () => {
  const suite = { cases }

  it('refuses the model under test as its own judge unless allowed', () => {
    const resolve = evalProviderResolver({
      provider: 'openai',
      judge: 'openai:gpt-4o-mini',
      env: { OPENAI_API_KEY: 'k' },
    })
    expect(() => resolve(prompt, suite)).toThrow(
      /the judge \(openai:gpt-4o-mini\) is the model under test; a model grading its own answers is biased\. Choose another judge \(--judge or evaluation\.judge\), or pass --allow-self-judge/,
    )
    const allowed = evalProviderResolver({
      provider: 'openai',
      judge: 'openai:gpt-4o-mini',
      allowSelfJudge: true,
      env: { OPENAI_API_KEY: 'k' },
    })(prompt, suite)
    expect(allowed.judge).toMatchObject({ kind: 'model', model: 'gpt-4o-mini' })
  })

  it('asks for a judge before any call when rubrics need one', () => {
    const resolve = evalProviderResolver({ provider: 'openai', env: { OPENAI_API_KEY: 'k' } })
    expect(() => resolve(prompt, suite)).toThrow(
      'Summarize v1 has llm-rubric assertions but no judge: set `evaluation.judge` in the prompt file or pass --judge provider:model (a model other than the one under test)',
    )
  })

  it('offline, answers from fixtures and grades rubrics from recorded verdicts', () => {
    const fixtures = {
      file: 'x.fixtures.jsonl',
      outputs: new Map([['a', '{"summary": "INV-1"}']]),
      verdicts: new Map([['a', [{ score: 1, reason: 'ok' }]]]),
    }
    const resolved = evalProviderResolver({ provider: 'mock' })(prompt, { cases, fixtures })
    expect(resolved.provider.id).toBe('mock')
    expect(resolved.model).toBe('gpt-4o-mini')
    expect(resolved.price).toEqual({ input: 0, output: 0 })
    expect(resolved.judge).toMatchObject({ kind: 'recorded', source: 'x.fixtures.jsonl' })
  })

  it('rejects a judge that is not provider:model', () => {
    expect(() =>
      evalProviderResolver({ provider: 'mock', judge: 'openai:' })(prompt, suite),
    ).toThrow('--judge `openai:` is not `provider:model` (e.g. openai:gpt-4o)')
  })
})
