import { type PromptDefinition, parsePromptSource } from '@canon/core'
import type { Case } from '../dataset/case'
import { loadDataset } from '../dataset/load-dataset'

/** A prompt definition from YAML text (throws with the diagnostics when it does not load). */
export function promptFrom(yaml: string): PromptDefinition {
  const { prompt, diagnostics } = parsePromptSource(yaml, 'test.yaml')
  if (!prompt) throw new Error(`test prompt did not load: ${JSON.stringify(diagnostics)}`)
  return prompt
}

/** Dataset cases from objects, through the real loader. */
export function casesFrom(...lines: Record<string, unknown>[]): Case[] {
  const { cases, diagnostics } = loadDataset(
    lines.map((l) => JSON.stringify(l)).join('\n'),
    'test.jsonl',
  )
  if (diagnostics.length > 0)
    throw new Error(`test cases did not load: ${JSON.stringify(diagnostics)}`)
  return cases
}

/** A label classifier like the example prompt: `equals` (weight 3) + a format regex. */
export const CLASSIFIER = `
name: Classify
version: 1
inputs: { text: { type: string, required: true, maxLength: 2000 } }
model: { provider: openai, name: gpt-4o-mini, temperature: 0, max_tokens: 5 }
template: "Label this ticket (billing, technical, other): {{ text }}"
evaluation:
  dataset: ./x.jsonl
  assertions:
    - { type: equals, metric: accuracy, weight: 3 }
    - { type: regex, value: '^(billing|technical|other)$', metric: format }
  gate: { min_pass_rate: 0.9 }
`
