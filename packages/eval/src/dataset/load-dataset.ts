import type { AssertionSpec, Diagnostic } from '@canon/core'
import { didYouMeanSuffix } from '../assertions/did-you-mean'
import { validateAssertionSpec } from '../assertions/validate-assertion'
import { CASE_FIELDS, type Case } from './case'
import { keyColumns, parseJsonLines } from './json-lines'

/** What `loadDataset` returns: the valid cases, and every problem found. */
export interface LoadedDataset {
  cases: Case[]
  diagnostics: Diagnostic[]
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string')

/**
 * Parses a golden dataset (JSONL, one case a line). Cases with errors are left out of `cases`;
 * each problem is a diagnostic at `file:line:col`. Blank lines are ignored.
 * @example
 * const { cases, diagnostics } = loadDataset(await readFile(path, 'utf8'), 'prompts/x.golden.jsonl')
 * if (hasErrors(diagnostics)) diagnostics.forEach((d) => console.error(formatDiagnostic(d)))
 */
export function loadDataset(text: string, file: string): LoadedDataset {
  const parsed = parseJsonLines(text, file)
  const diagnostics = [...parsed.diagnostics]
  const cases: Case[] = []
  const firstLineOfId = new Map<string, number>()

  for (const { line, text: row, value } of parsed.lines) {
    const columns = keyColumns(row)
    let ok = true
    const report = (code: string, message: string, key?: string) => {
      ok = false
      const col = key === undefined ? 1 : (columns.get(key) ?? 1)
      diagnostics.push({ file, line, col, severity: 'error', code, message })
    }

    if (!isObject(value)) {
      report('case-not-object', 'each line must be a JSON object like {"id": "…", "vars": {…}}')
      continue
    }

    for (const key of Object.keys(value)) {
      if (!(CASE_FIELDS as readonly string[]).includes(key)) {
        report(
          'unknown-field',
          `unknown field \`${key}\`${didYouMeanSuffix(key, CASE_FIELDS)}`,
          key,
        )
      }
    }

    let id: string | undefined
    if (value.id === undefined || value.id === null || value.id === '') {
      report('missing-id', 'case has no `id`; every case needs a unique id')
    } else if (typeof value.id === 'string' || Number.isInteger(value.id)) {
      id = String(value.id)
      const seen = firstLineOfId.get(id)
      if (seen !== undefined) {
        report('duplicate-id', `duplicate id \`${id}\` (first used on line ${seen})`, 'id')
      } else {
        firstLineOfId.set(id, line)
      }
    } else {
      report('bad-field', '`id` must be a string', 'id')
    }

    const vars = value.vars ?? {}
    if (!isObject(vars)) {
      report('vars-not-object', '`vars` must be an object of template variables', 'vars')
    }

    const expectTypes: Array<[string, (v: unknown) => boolean, string]> = [
      ['expected', (v) => typeof v === 'string', 'a string (use `expected_json` for JSON values)'],
      [
        'expected_substr',
        (v) => typeof v === 'string' || (isStringArray(v) && v.length > 0),
        'a string or a list of strings',
      ],
      ['expected_refusal', (v) => typeof v === 'boolean', 'true or false'],
      ['criteria', (v) => typeof v === 'string', 'a string'],
      ['tags', isStringArray, 'a list of strings'],
      ['output', (v) => typeof v === 'string', 'a string'],
      ['description', (v) => typeof v === 'string', 'a string'],
      ['metadata', isObject, 'an object'],
      ['assert', Array.isArray, 'a list of assertions'],
    ]
    for (const [key, check, what] of expectTypes) {
      if (value[key] !== undefined && !check(value[key]))
        report('bad-field', `\`${key}\` must be ${what}`, key)
    }

    if (Array.isArray(value.assert)) {
      value.assert.forEach((spec, index) => {
        for (const problem of validateAssertionSpec(spec)) {
          const where = problem.key === undefined ? '' : `.${problem.key}`
          report('bad-assertion', `assert[${index}]${where}: ${problem.message}`, 'assert')
        }
      })
    }

    if (!ok || id === undefined) continue
    const item: Case = {
      id,
      vars: vars as Record<string, unknown>,
      tags: (value.tags as string[]) ?? [],
      line,
    }
    if (value.expected !== undefined) item.expected = value.expected as string
    if (value.expected_json !== undefined) item.expected_json = value.expected_json
    if (value.expected_substr !== undefined)
      item.expected_substr = value.expected_substr as string | string[]
    if (value.expected_refusal !== undefined)
      item.expected_refusal = value.expected_refusal as boolean
    if (value.criteria !== undefined) item.criteria = value.criteria as string
    if (value.assert !== undefined) item.assert = value.assert as AssertionSpec[]
    if (value.output !== undefined) item.output = value.output as string
    if (value.description !== undefined) item.description = value.description as string
    if (value.metadata !== undefined) item.metadata = value.metadata as Record<string, unknown>
    cases.push(item)
  }
  if (parsed.lines.length === 0 && parsed.diagnostics.length === 0) {
    diagnostics.push({
      file,
      line: 1,
      col: 1,
      severity: 'error',
      code: 'dataset-empty',
      message: 'dataset has no cases',
    })
  }
  return { cases, diagnostics }
}
