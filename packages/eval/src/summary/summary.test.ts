import { describe, expect, it } from 'vitest'
import { evaluateGate } from '../gate/evaluate-gate'
import { createMockProvider } from '../providers/mock'
import { toCaseResults } from '../runner/evaluation'
import { runEval } from '../runner/run-eval'
import { CLASSIFIER, casesFrom, promptFrom } from '../runner/test-helpers'
import { buildEvalSummary } from './build-summary'
import { parseEvalSummary } from './parse-summary'

const prompt = promptFrom(CLASSIFIER)
const gateSpec = prompt.evaluation!.gate

async function summaryOf(n: number) {
  const cases = casesFrom(
    ...Array.from({ length: n }, (_, i) => ({
      id: `case-${i}`,
      vars: { text: 'x' },
      expected: 'other',
    })),
  )
  const run = await runEval({
    prompt,
    cases,
    provider: createMockProvider({
      outputs: (_req, ctx) => (ctx.caseId === 'case-0' ? 'billing' : 'other'),
    }),
    dataset: { file: 'prompts/x.jsonl', digest: 'ab'.repeat(32) },
  })
  const gate = evaluateGate({ cases: toCaseResults(run), gate: gateSpec })
  return { run, summary: buildEvalSummary(run, gate, gateSpec) }
}

describe('buildEvalSummary', () => {
  it('records identity, results, gate and one {id, pass, score} per case', async () => {
    const { run, summary } = await summaryOf(4)
    expect(summary).toMatchObject({
      schemaVersion: 1,
      runAt: run.startedAt,
      prompt: { name: 'Classify', version: 1 },
      promptDigest: run.prompt.digest,
      datasetDigest: 'ab'.repeat(32),
      dataset: 'prompts/x.jsonl',
      provider: 'mock',
      model: 'gpt-4o-mini',
      cases: 4,
      passed: 3,
      errored: 0,
      passRate: 0.8125,
      gate: { outcome: 'fail', minPassRate: 0.9, margin: 0.05, alpha: 0.05 },
      metrics: { accuracy: 0.75, format: 1 },
      costUsd: 0,
    })
    expect(summary.gate.reasons[0]).toMatch(/below the required 90\.0%/)
    expect(summary.perCase[0]).toEqual({ id: 'case-0', pass: false, score: 0.25 })
    expect(summary.wilson.low).toBeLessThan(0.8125)
  })

  it('stays compact: a few dozen bytes per case', async () => {
    const { summary } = await summaryOf(500)
    const bytes = JSON.stringify(summary).length
    expect(bytes).toBeLessThan(2_000 + 500 * 50)
    expect(parseEvalSummary(JSON.parse(JSON.stringify(summary)))).toEqual({ ok: true, summary })
  })
})

describe('parseEvalSummary', () => {
  it('says why a stored summary cannot be compared with', async () => {
    const { summary } = await summaryOf(2)
    const bad = (patch: Record<string, unknown>) => parseEvalSummary({ ...summary, ...patch })
    expect(parseEvalSummary(null)).toEqual({
      ok: false,
      error: 'the version was published without an eval summary',
    })
    expect(bad({ schemaVersion: 2 })).toMatchObject({
      error: expect.stringMatching(/schemaVersion 2; this canon reads version 1/),
    })
    expect(bad({ perCase: undefined })).toMatchObject({
      error: 'the eval summary has no `perCase` list to compare with',
    })
    expect(bad({ perCase: [{ id: 'a', pass: 'yes', score: 1 }] })).toMatchObject({
      error: "the eval summary's perCase[0] is not {id, pass, score 0..1}",
    })
    expect(
      bad({
        perCase: [
          { id: 'a', pass: true, score: 1 },
          { id: 'a', pass: true, score: 1 },
        ],
      }),
    ).toMatchObject({ error: 'the eval summary lists case `a` twice' })
    expect(bad({ model: 7 })).toMatchObject({
      error: "the eval summary's `model` is missing or not a string",
    })
  })
})
