/**
 * Times `validatePaths` over N generated prompt files (default 1000): text and chat prompts,
 * inputs, model settings, an inline output schema and an evaluation block each.
 * Run: `npx tsx packages/core/test/perf/validate-many.ts [count]`
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validatePaths } from '../../src/node'

const count = Number(process.argv[2] ?? 1000)
const dir = mkdtempSync(join(tmpdir(), 'canon-perf-'))

function promptText(i: number): string {
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

try {
  for (let i = 0; i < count; i += 1) {
    const sub = join(dir, `team${i % 20}`)
    mkdirSync(sub, { recursive: true })
    writeFileSync(join(sub, `prompt${i}.yaml`), promptText(i))
  }
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const result = await validatePaths([dir])
  const ms = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  const cpuMs = (cpu.user + cpu.system) / 1000
  const ok = result.files.filter((f) => f.prompt).length
  process.stdout.write(
    `validated ${result.files.length} files (${ok} valid, ${result.errorCount} errors) in ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (${(ms / result.files.length).toFixed(2)} ms/file)\n`,
  )
  if (result.errorCount > 0) {
    const first = result.files.find((f) => f.diagnostics.length)?.diagnostics[0]
    process.stdout.write(`first problem: ${JSON.stringify(first)}\n`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
