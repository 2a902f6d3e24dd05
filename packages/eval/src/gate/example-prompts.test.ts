import { readFileSync } from 'node:fs'
import { type AssertionSpec, type PromptDefinition, parsePromptSource } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { parseAssertionType } from '../assertions/assertion-types'
import { assertionsForCase } from '../assertions/assertions-for-case'
import { runAssertion } from '../assertions/run-assertion'
import { scoreCase } from '../assertions/score-case'
import { fakeJudge } from '../assertions/test-helpers'
import type { AssertionResult } from '../assertions/types'
import { loadDataset } from '../dataset/load-dataset'
import { loadFixtures } from '../dataset/load-fixtures'
import { createMockProvider } from '../providers/mock'
import { evaluateGate } from './evaluate-gate'
import type { CaseResult } from './types'

// The example prompts double as fixtures: their mock outputs must pass every deterministic
// assertion (prompts/README.md), so the whole chain — dataset, fixtures, assertions, gate — runs here.
const root = new URL('../../../../prompts/', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
const MODEL_BASED = new Set(['similar', 'llm-rubric'])

function loadPrompt(file: string): PromptDefinition {
  const { prompt, diagnostics } = parsePromptSource(read(file), file, { readFile: read })
  if (!prompt) throw new Error(`${file} did not load: ${JSON.stringify(diagnostics)}`)
  return prompt
}

async function evaluate(
  file: string,
): Promise<{ cases: CaseResult[]; results: AssertionResult[] }> {
  const prompt = loadPrompt(file)
  const evaluation = prompt.evaluation!
  const dataset = loadDataset(read(evaluation.dataset), evaluation.dataset)
  const fixtures = loadFixtures(read(evaluation.fixtures!), evaluation.fixtures!)
  expect([...dataset.diagnostics, ...fixtures.diagnostics]).toEqual([])
  const judge = fakeJudge('{"score": 0.9, "reason": "Meets the rubric."}')
  const embeddings = createMockProvider()
  const cases: CaseResult[] = []
  const all: AssertionResult[] = []
  for (const testCase of dataset.cases) {
    const output = fixtures.outputs.get(testCase.id) ?? testCase.output ?? ''
    const results: AssertionResult[] = []
    for (const spec of assertionsForCase(evaluation.assertions as AssertionSpec[], testCase)) {
      const context = {
        output,
        case: testCase,
        outputSchema: prompt.output?.schema,
        judge,
        embeddings,
      }
      results.push(await runAssertion(spec, { ...context, embeddingsModel: 'hash' }))
    }
    const score = scoreCase(results)
    all.push(...results)
    cases.push({
      id: testCase.id,
      tags: testCase.tags,
      pass: score.pass,
      score: score.score,
      weightedPass: score.weightedPass,
    })
  }
  return { cases, results: all }
}

describe('example prompts', () => {
  it.each([
    'classify_ticket_intent.v1.yaml',
    'summarize_support_ticket.v1.yaml',
    'summarize_support_ticket.v2.yaml',
    'extract_order_details.v1.yaml',
    'draft_support_reply.v1.yaml',
  ])('%s: fixtures pass every deterministic assertion without errors', async (file) => {
    const { cases, results } = await evaluate(file)
    expect(results.filter((r) => r.error !== undefined)).toEqual([])
    const deterministicFailures = results.filter(
      (r) => !r.pass && !MODEL_BASED.has(parseAssertionType(r.type)?.base ?? ''),
    )
    expect(deterministicFailures).toEqual([])
    const gate = loadPrompt(file).evaluation!.gate
    expect(evaluateGate({ cases, gate }).outcome).toBe('pass')
  })

  it('compares SummarizeSupportTicket v2 against v1 on the shared dataset', async () => {
    const v1 = await evaluate('summarize_support_ticket.v1.yaml')
    const v2 = await evaluate('summarize_support_ticket.v2.yaml')
    const gate = loadPrompt('summarize_support_ticket.v2.yaml').evaluation!.gate
    const result = evaluateGate({ cases: v2.cases, baseline: v1.cases, gate })
    expect(result.comparison?.n).toBe(v1.cases.length)
    expect(result.comparison?.unpaired).toEqual({ candidateOnly: 0, baselineOnly: 0, errored: 0 })
    expect(result.outcome).toBe('pass')
  })
})
