import type { Diagnostic } from '@canon/core'
import { keyColumns, parseJsonLines } from './json-lines'

/** What `loadFixtures` returns: output text by case id, and every problem found. */
export interface LoadedFixtures {
  outputs: Map<string, string>
  diagnostics: Diagnostic[]
}

/**
 * Parses a fixture file for the `mock` provider: JSONL of `{"id": …, "output": …}`.
 * An `output` that is not a string (an object, say) is stored as its JSON text, so structured
 * outputs can be written naturally.
 * @example loadFixtures('{"id":"a","output":"billing"}\n', 'x.fixtures.jsonl').outputs.get('a') // 'billing'
 */
export function loadFixtures(text: string, file: string): LoadedFixtures {
  const parsed = parseJsonLines(text, file)
  const diagnostics = [...parsed.diagnostics]
  const outputs = new Map<string, string>()
  const firstLineOfId = new Map<string, number>()
  for (const { line, text: row, value } of parsed.lines) {
    const columns = keyColumns(row)
    const report = (code: string, message: string, key?: string) =>
      diagnostics.push({
        file,
        line,
        col: key === undefined ? 1 : (columns.get(key) ?? 1),
        severity: 'error',
        code,
        message,
      })
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report(
        'fixture-not-object',
        'each line must be a JSON object like {"id": "…", "output": "…"}',
      )
      continue
    }
    const record = value as Record<string, unknown>
    const unknown = Object.keys(record).filter((k) => k !== 'id' && k !== 'output')
    for (const key of unknown)
      report('unknown-field', `unknown field \`${key}\` (fixtures have \`id\` and \`output\`)`, key)
    const { id, output } = record
    if (!(typeof id === 'string' && id !== '') && !Number.isInteger(id)) {
      report(
        'missing-id',
        'fixture has no `id` naming the dataset case',
        id === undefined ? undefined : 'id',
      )
      continue
    }
    if (output === undefined || output === null) {
      report('missing-output', 'fixture has no `output`')
      continue
    }
    if (unknown.length > 0) continue
    const key = String(id)
    const seen = firstLineOfId.get(key)
    if (seen !== undefined) {
      report('duplicate-id', `duplicate id \`${key}\` (first used on line ${seen})`, 'id')
      continue
    }
    firstLineOfId.set(key, line)
    outputs.set(key, typeof output === 'string' ? output : JSON.stringify(output))
  }
  return { outputs, diagnostics }
}
