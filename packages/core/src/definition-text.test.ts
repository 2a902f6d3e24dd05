import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { definitionText } from './definition-text'
import { parsePromptSource } from './load/parse-prompt'
import type { PromptDefinition } from './model'

const file = new URL('../../../prompts/extract_order_details.v1.yaml', import.meta.url).pathname

/** The same object with every key order reversed, as a JSON store may hand it back. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  )
}

describe('definitionText', () => {
  const loaded = parsePromptSource(readFileSync(file, 'utf8'), file, {
    readFile: (rel) => readFileSync(new URL(rel, `file://${file}`), 'utf8'),
  })
  const definition = loaded.prompt as PromptDefinition

  it('writes keys in file order at every level, whatever order the object has', () => {
    const text = definitionText(definition as unknown as Record<string, unknown>)
    expect(definitionText(reversed(definition) as Record<string, unknown>)).toBe(text)
    const top = text.split('\n').filter((l) => /^[a-z_]+:/.test(l))
    expect(top.map((l) => l.split(':')[0])).toEqual([
      'name',
      'version',
      'description',
      'tags',
      'owners',
      'inputs',
      'model',
      'messages',
      'output',
      'budget',
      'evaluation',
    ])
    expect(text).toMatch(/^ {2}email_text:\n {4}type: string\n {4}required: true\n {4}maxLength: /m)
    expect(text).toMatch(/^model:\n {2}provider: openai\n {2}name: /m)
    expect(text).toMatch(/^ {2}- role: system\n {4}content: \|\n/m)
    expect(text).toMatch(/^budget:\n {2}max_input_tokens: 5000\n {2}max_cost_usd: 0\.003$/m)
    expect(text).toMatch(/^ {2}gate:\n {4}min_pass_rate: [\d.]+\n {4}margin: [\d.]+\n {4}alpha: /m)
  })

  it('includes the evaluation block, which the digest leaves out', () => {
    const text = definitionText(definition as unknown as Record<string, unknown>)
    expect(text).toMatch(/^evaluation:\n {2}dataset: \.\/extract_order_details\.golden\.jsonl$/m)
    expect(text).toMatch(/^ {4}- type: /m)
  })
})
