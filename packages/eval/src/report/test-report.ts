import { evaluateGate } from '../gate/evaluate-gate'
import { createMockProvider } from '../providers/mock'
import { type PromptEvaluation, toCaseResults } from '../runner/evaluation'
import { runEval } from '../runner/run-eval'
import { casesFrom, promptFrom } from '../runner/test-helpers'
import { buildEvalSummary } from '../summary/build-summary'

/**
 * A question-answering prompt run for real on the mock provider: `paris` passes `equals` only
 * because Canon trims the answer's trailing newline (promptfoo would fail it), `rome` passes,
 * `oslo` fails, and `xss` answers with markup that every report must show as text.
 */
export const QA = `
name: Capitals
version: 3
inputs: { country: { type: string, required: true, maxLength: 100 } }
model: { provider: openai, name: gpt-4o-mini, temperature: 0, max_tokens: 20 }
template: "The capital of {{ country }}? Answer with the city only."
evaluation:
  dataset: ./x.jsonl
  assertions:
    - { type: equals, metric: accuracy }
    - { type: not-icontains, value: "<script" }
  gate: { min_pass_rate: 0.5 }
`

export const XSS =
  '<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">'

export async function qaEvaluation(): Promise<PromptEvaluation> {
  const prompt = promptFrom(QA)
  const cases = casesFrom(
    { id: 'paris', vars: { country: 'France' }, expected: 'Paris' },
    { id: 'rome', vars: { country: 'Italy' }, expected: 'Rome', tags: ['critical'] },
    { id: 'oslo', vars: { country: 'Norway' }, expected: 'Oslo' },
    { id: 'xss', vars: { country: '<b>Atlantis</b> & "friends"' }, expected: 'Poseidonis' },
  )
  const answers: Record<string, string> = {
    paris: 'Paris\n',
    rome: 'Rome',
    oslo: 'Bergen',
    xss: XSS,
  }
  const run = await runEval({
    prompt,
    cases,
    provider: createMockProvider({ outputs: (_req, ctx) => answers[ctx.caseId ?? ''] ?? '' }),
  })
  const gateSpec = prompt.evaluation!.gate
  const gate = evaluateGate({ cases: toCaseResults(run), gate: gateSpec })
  return {
    file: 'prompts/capitals.v3.yaml',
    run,
    gate,
    gateSpec,
    summary: buildEvalSummary(run, gate, gateSpec),
  }
}
