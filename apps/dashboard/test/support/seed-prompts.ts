import { fileURLToPath } from 'node:url'
import { type PromptDefinition, promptDigest } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import type { EvalSummary } from '@canon/eval'
import type { TestRegistry } from './test-registry'

/** The repository's example prompts (also the test fixtures). */
export const PROMPTS_DIR = fileURLToPath(new URL('../../../../prompts/', import.meta.url))

/**
 * Publishes `prompts/` the way `canon publish` does (validated definitions in a JSON envelope),
 * with eval summaries for SummarizeSupportTicket, then labels: every prompt's `production` at
 * its highest version; SummarizeSupportTicket's `production` moved v1 → v2 (so it has history
 * to roll back) and `staging` at v2. Returns the published definitions.
 */
export async function seedPrompts(registry: TestRegistry): Promise<PromptDefinition[]> {
  const validation = await validatePaths([PROMPTS_DIR])
  if (validation.errorCount > 0) throw new Error('prompts/ has validation errors')
  const prompts = validation.files.flatMap((f) => (f.prompt ? [f.prompt] : []))
  prompts.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version)
  for (const definition of prompts) {
    const evalSummary =
      definition.name === 'SummarizeSupportTicket' ? evalSummaryFor(definition) : undefined
    const res = await registry.request(
      'PUT',
      `/v1/prompts/${definition.name}/versions/${definition.version}`,
      { definition, ...(evalSummary ? { evalSummary } : {}) },
    )
    if (res.status !== 201) {
      throw new Error(
        `publish ${definition.name} v${definition.version}: ${res.status} ${await res.text()}`,
      )
    }
  }
  const highest = new Map<string, number>()
  for (const p of prompts) highest.set(p.name, Math.max(highest.get(p.name) ?? 0, p.version))
  const moves: [string, string, number][] = [
    ['SummarizeSupportTicket', 'production', 1],
    ['SummarizeSupportTicket', 'staging', 2],
    ['SummarizeSupportTicket', 'production', 2],
    ...[...highest]
      .filter(([name]) => name !== 'SummarizeSupportTicket')
      .map(([name, v]): [string, string, number] => [name, 'production', v]),
  ]
  for (const [name, label, version] of moves) {
    const res = await registry.request('PUT', `/v1/prompts/${name}/labels/${label}`, { version })
    if (res.status !== 200) throw new Error(`label ${name} ${label}: ${res.status}`)
  }
  return prompts
}

/** A plausible `canon eval` summary (v2 cheaper, pass rate a little higher). */
function evalSummaryFor(definition: PromptDefinition): EvalSummary {
  const v2 = definition.version === 2
  const cases = 24
  const passed = v2 ? 23 : 22
  return {
    schemaVersion: 1,
    runAt: '2026-01-12T09:30:00.000Z',
    prompt: { name: definition.name, version: definition.version },
    promptDigest: promptDigest(definition),
    datasetDigest: 'a3f1c2d4e5b6a7980123456789abcdef0123456789abcdef0123456789abcdef',
    dataset: 'prompts/summarize_support_ticket.golden.jsonl',
    provider: 'openai',
    model: 'gpt-4o-mini',
    judge: 'openai:gpt-4o-mini',
    trials: 1,
    cases,
    passed,
    errored: 0,
    passRate: passed / cases,
    wilson: v2 ? { low: 0.798, high: 0.993 } : { low: 0.742, high: 0.977 },
    gate: { outcome: 'pass', reasons: [], minPassRate: 0.85, margin: 0.05, alpha: 0.05 },
    metrics: v2
      ? { valid_json: 1, schema: 1, urgency_accuracy: 0.958, prompt_leak: 1, faithfulness: 0.91 }
      : {
          valid_json: 1,
          schema: 0.958,
          urgency_accuracy: 0.917,
          prompt_leak: 1,
          faithfulness: 0.89,
        },
    tokens: v2 ? { input: 14_880, output: 2_310 } : { input: 22_940, output: 2_420 },
    costUsd: v2 ? 0.00362 : 0.00489,
    latencyMs: v2 ? { p50: 780, p95: 1420 } : { p50: 910, p95: 1710 },
    perCase: Array.from({ length: cases }, (_, i) => ({
      id: `case-${i + 1}`,
      pass: i < passed,
      score: i < passed ? 1 : 0.4,
    })),
  }
}
