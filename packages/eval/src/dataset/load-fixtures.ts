import type { Diagnostic } from '@canon/core'
import { keyColumns, parseJsonLines } from './json-lines'

/** A judge verdict recorded for offline runs: what the judge model answered for one rubric. */
export interface RecordedVerdict {
  /** 0..1, as a judge would score it. */
  score: number
  reason: string
}

/** What `loadFixtures` returns: output text and recorded judge verdicts by case id, and every problem found. */
export interface LoadedFixtures {
  outputs: Map<string, string>
  /**
   * Recorded `llm-rubric` verdicts by case id (the optional `judge` field): one per rubric of
   * the case in assertion order, or a single verdict that serves every rubric of the case.
   */
  verdicts: Map<string, RecordedVerdict[]>
  diagnostics: Diagnostic[]
}

const FIXTURE_FIELDS = new Set(['id', 'output', 'judge'])

/** Checks a `judge` field; returns the verdicts or a problem description. */
function parseVerdicts(value: unknown): RecordedVerdict[] | string {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0) return '`judge` is an empty list; give at least one {"score", "reason"}'
  const verdicts: RecordedVerdict[] = []
  for (const [i, item] of list.entries()) {
    const at = Array.isArray(value) ? `\`judge[${i}]\`` : '`judge`'
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return `${at} must be an object like {"score": 0.9, "reason": "…"}`
    }
    const record = item as Record<string, unknown>
    const extra = Object.keys(record).filter((k) => k !== 'score' && k !== 'reason')
    if (extra.length > 0)
      return `${at} has unknown field \`${extra[0]}\` (verdicts have \`score\` and \`reason\`)`
    const { score, reason } = record
    if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
      return `${at}.score must be a number from 0 to 1`
    }
    if (reason !== undefined && typeof reason !== 'string') return `${at}.reason must be a string`
    verdicts.push({ score, reason: reason ?? '' })
  }
  return verdicts
}

/**
 * Parses a fixture file for the `mock` provider: JSONL of `{"id": …, "output": …, "judge"?: …}`.
 * An `output` that is not a string (an object, say) is stored as its JSON text, so structured
 * outputs can be written naturally. `judge` records what the judge answered for the case's
 * `llm-rubric` assertions (`{"score": 0.9, "reason": "…"}`, or a list, one per rubric), so
 * offline runs grade rubrics from recorded verdicts instead of a model.
 * @example loadFixtures('{"id":"a","output":"billing"}\n', 'x.fixtures.jsonl').outputs.get('a') // 'billing'
 */
export function loadFixtures(text: string, file: string): LoadedFixtures {
  const parsed = parseJsonLines(text, file)
  const diagnostics = [...parsed.diagnostics]
  const outputs = new Map<string, string>()
  const verdicts = new Map<string, RecordedVerdict[]>()
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
    const unknown = Object.keys(record).filter((k) => !FIXTURE_FIELDS.has(k))
    for (const key of unknown)
      report(
        'unknown-field',
        `unknown field \`${key}\` (fixtures have \`id\`, \`output\` and \`judge\`)`,
        key,
      )
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
    const judged = record.judge === undefined ? undefined : parseVerdicts(record.judge)
    if (typeof judged === 'string') {
      report('bad-judge-verdict', judged, 'judge')
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
    if (judged) verdicts.set(key, judged)
  }
  return { outputs, verdicts, diagnostics }
}
