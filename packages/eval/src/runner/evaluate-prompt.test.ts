import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promptDigest } from '@canon/core'
import { loadPromptFile } from '@canon/core/node'
import { describe, expect, it } from 'vitest'
import { parseEvalSummary } from '../summary/parse-summary'
import { evalEnvironment, executeEvaluation, prepareEvaluation } from './evaluate-prompt'
import { CLASSIFIER, promptFrom } from './test-helpers'

const prompts = new URL('../../../../prompts/', import.meta.url).pathname

const DATASET = [
  { id: 'refund', vars: { text: 'Refund my card' }, expected: 'billing', tags: ['critical'] },
  ...Array.from({ length: 11 }, (_, i) => ({
    id: `crash-${i}`,
    vars: { text: `Crash ${i}` },
    expected: 'technical',
  })),
]

/** A folder with the classifier's dataset and two fixture files (v1 right, v2 `bad` wrong). */
function workspace(bad: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'canon-eval-prompt-'))
  writeFileSync(join(dir, 'x.jsonl'), DATASET.map((c) => JSON.stringify(c)).join('\n'))
  const fixtures = (wrong: string[]) =>
    DATASET.map((c) =>
      JSON.stringify({ id: c.id, output: wrong.includes(c.id) ? 'other' : c.expected }),
    ).join('\n')
  writeFileSync(join(dir, 'x.v1.fixtures.jsonl'), fixtures([]))
  writeFileSync(join(dir, 'x.v2.fixtures.jsonl'), fixtures(bad))
  const v1 = promptFrom(
    CLASSIFIER.replace(
      'dataset: ./x.jsonl',
      'dataset: ./x.jsonl\n  fixtures: ./x.v1.fixtures.jsonl',
    ),
  )
  const v2 = promptFrom(
    CLASSIFIER.replace('version: 1', 'version: 2')
      .replace('Label this', 'Classify this')
      .replace('dataset: ./x.jsonl', 'dataset: ./x.jsonl\n  fixtures: ./x.v2.fixtures.jsonl'),
  )
  return { dir, v1, v2, file: join(dir, 'x.v2.yaml') }
}

describe('prepareEvaluation + executeEvaluation', () => {
  it.each([
    'classify_ticket_intent.v1.yaml',
    'summarize_support_ticket.v1.yaml',
    'summarize_support_ticket.v2.yaml',
    'extract_order_details.v1.yaml',
    'draft_support_reply.v1.yaml',
  ])('passes the example %s offline, rubrics graded from recorded verdicts', async (name) => {
    const file = join(prompts, name)
    const { prompt } = await loadPromptFile(file)
    const env = evalEnvironment({ provider: 'mock' })
    const prepared = await prepareEvaluation(env, { definition: prompt!, file })
    if ('diagnostics' in prepared) throw new Error(JSON.stringify(prepared.diagnostics))
    const evaluation = await executeEvaluation(prepared)
    expect(evaluation.run.totals.errored).toBe(0)
    expect(evaluation.gate.outcome).toBe('pass')
    expect(evaluation.summary.perCase).toHaveLength(evaluation.run.cases.length)
    expect(parseEvalSummary(JSON.parse(JSON.stringify(evaluation.summary))).ok).toBe(true)
  })

  it('runs the baseline on the same cases with its own fixtures, next to the candidate', async () => {
    const { v1, v2, file } = workspace(['refund', 'crash-0', 'crash-1', 'crash-2'])
    const env = evalEnvironment({ provider: 'mock' })
    const prepared = await prepareEvaluation(
      env,
      { definition: v2, file },
      {
        kind: 'version',
        label: 'production',
        definition: v1,
      },
    )
    if ('diagnostics' in prepared) throw new Error(JSON.stringify(prepared.diagnostics))
    expect(prepared.steps).toBe(24)
    const e = await executeEvaluation(prepared)
    expect(e.baseline).toMatchObject({ kind: 'version', label: 'production', version: 1 })
    expect(e.gate.comparison).toMatchObject({ n: 12, b: 4, c: 0, verdict: 'fail' })
    expect(e.gate.comparison?.regressed).toEqual(['refund', 'crash-0', 'crash-1', 'crash-2'])
    expect(e.gate.outcome).toBe('fail')
    // The stored summary says which version it was compared with, and what that concluded.
    expect(e.summary.gate.baseline).toMatchObject({
      label: 'production',
      version: 1,
      digest: promptDigest(v1),
      verdict: 'fail',
      b: 4,
      c: 0,
    })
  })

  it('is inconclusive when the candidate is a little worse on too few cases to tell', async () => {
    const { v1, v2, file } = workspace(['crash-3'])
    const prepared = await prepareEvaluation(
      evalEnvironment({ provider: 'mock' }),
      { definition: v2, file },
      {
        kind: 'version',
        label: 'production',
        definition: v1,
      },
    )
    if ('diagnostics' in prepared) throw new Error('did not load')
    const e = await executeEvaluation(prepared)
    expect(e.gate.passRate.weighted).toBeGreaterThan(0.9)
    expect(e.gate.comparison).toMatchObject({ b: 1, c: 0, verdict: 'inconclusive' })
    expect(e.gate.outcome).toBe('inconclusive')
  })

  it('compares a re-run with the summary stored at publish time and names the flipped cases', async () => {
    const { v1, file } = workspace(['refund', 'crash-0', 'crash-1', 'crash-2', 'crash-4'])
    const env = evalEnvironment({ provider: 'mock' })
    const published = await prepareEvaluation(env, { definition: v1, file })
    if ('diagnostics' in published) throw new Error('did not load')
    const atPublish = await executeEvaluation(published)
    // Now the "model" answers like v2's fixtures: the same definition, other outputs.
    const drifted = { ...v1, evaluation: { ...v1.evaluation!, fixtures: './x.v2.fixtures.jsonl' } }
    const prepared = await prepareEvaluation(
      env,
      { definition: drifted, file },
      {
        kind: 'summary',
        label: 'production',
        version: 1,
        summary: atPublish.summary,
      },
    )
    if ('diagnostics' in prepared) throw new Error('did not load')
    const e = await executeEvaluation(prepared)
    expect(e.baseline).toMatchObject({ kind: 'summary', datasetChanged: false })
    expect(e.gate.comparison?.regressed).toEqual([
      'refund',
      'crash-0',
      'crash-1',
      'crash-2',
      'crash-4',
    ])
    expect(e.gate.outcome).toBe('fail')
  })

  it('returns the dataset problems instead of running when a file does not load', async () => {
    const { v1, dir } = workspace([])
    writeFileSync(
      join(dir, 'x.jsonl'),
      '{"id": "a", "vars": {"text": "x"}, "expcted": "billing"}\n',
    )
    const prepared = await prepareEvaluation(evalEnvironment({ provider: 'mock' }), {
      definition: v1,
      file: join(dir, 'x.v1.yaml'),
    })
    expect('diagnostics' in prepared && prepared.diagnostics[0]?.message).toBe(
      'unknown field `expcted` (did you mean `expected`?)',
    )
  })
})
