/**
 * Realistic generated prompt files for benchmarks: text and chat prompts with inputs, model
 * settings, an inline output schema and an evaluation block.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Writes `count` prompt files into `dir`, spread over 20 team folders; returns their paths. */
export function writePromptFiles(dir: string, count: number): string[] {
  const files: string[] = []
  for (let i = 0; i < count; i += 1) {
    const sub = join(dir, `team${i % 20}`)
    mkdirSync(sub, { recursive: true })
    const file = join(sub, `prompt${i}.yaml`)
    writeFileSync(file, promptText(i))
    files.push(file)
  }
  return files
}

export function promptText(i: number): string {
  const head = `name: Prompt${i}
version: ${1 + (i % 3)}
description: Generated prompt number ${i} for timing validation.
tags: [perf, generated]
inputs:
  ticket: {type: string, maxLength: 8000, description: The ticket body}
  tone: {type: string, enum: [formal, casual], default: formal}
model: {provider: openai, name: gpt-4o-mini, temperature: 0.2, max_tokens: 500}
output:
  retries: 1
  schema:
    type: object
    required: [summary, urgency]
    properties:
      summary: {type: string, minLength: 1}
      urgency: {enum: [low, medium, high, critical]}
evaluation:
  dataset: ./prompt${i}.golden.jsonl
  assertions: [{type: is-json}, {type: json-schema}]
`
  if (i % 2 === 0) {
    return `${head}template: |
  You are a support analyst. Write in a {{ tone }} tone.
  {% if tone == 'formal' %}Use complete sentences.{% else %}Keep it short.{% endif %}
  Ticket:
  {{ ticket | trim | truncate(4000) }}
`
  }
  return `${head}messages:
  - role: system
    content: You are a support analyst. Write in a {{ tone }} tone.
  - role: user
    content: |
      Summarize this ticket:
      {{ ticket | trim }}
`
}
