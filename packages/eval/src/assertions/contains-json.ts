/**
 * `contains-json`: somewhere in the output (prose, code fences, anything around it) there is a
 * JSON object, as promptfoo looks for one: every `{` starts a candidate that runs to its matching
 * `}`; the first candidate that parses counts (with a `value`, the first that matches that
 * schema). Only objects count, not bare arrays or numbers.
 * @module
 */
import type { AssertionSpec, JsonSchema } from '@canon/core'
import { schemaValidator } from '@canon/core'
import type { Verdict } from './types'
import { failed, scored } from './types'

/** Longest candidate considered, as promptfoo (keeps a pathological output linear enough). */
const MAX_JSON_LENGTH = 100_000

/** Index just past the `}` that closes the `{` at `start` (strings and escapes respected), or -1. */
function closingBrace(text: string, start: number): number {
  let depth = 0
  let inString = false
  const end = Math.min(text.length, start + MAX_JSON_LENGTH)
  for (let i = start; i < end; i++) {
    const ch = text[i]
    if (inString) {
      if (ch === '\\') i++
      else if (ch === '"') inString = false
    } else if (ch === '"') inString = true
    else if (ch === '{') depth++
    else if (ch === '}' && --depth === 0) return i + 1
  }
  return -1
}

/**
 * Every JSON object in a text, outermost first, left to right.
 * @example extractJsonObjects('Result: {"a": 1} and {"b": {"c": 2}}') // [{ a: 1 }, { b: { c: 2 } }]
 */
export function extractJsonObjects(text: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = []
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
    const end = closingBrace(text, i)
    if (end < 0) continue
    try {
      const value: unknown = JSON.parse(text.slice(i, end))
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        found.push(value as Record<string, unknown>)
        i = end - 1
      }
    } catch {
      // Not JSON from this brace: try the next one.
    }
  }
  return found
}

export function containsJson(output: string, spec: AssertionSpec): Verdict {
  const objects = extractJsonObjects(output)
  if (objects.length === 0) return scored(false, 'output contains no JSON object')
  if (spec.value === undefined) {
    return scored(
      true,
      `output contains ${objects.length === 1 ? 'a JSON object' : `${objects.length} JSON objects`}`,
    )
  }
  let validate: (value: unknown) => string[]
  try {
    validate = schemaValidator(spec.value as JsonSchema)
  } catch (err) {
    return failed(`the JSON Schema does not compile: ${(err as Error).message}`)
  }
  let firstProblem = ''
  for (const object of objects) {
    const problems = validate(object)
    if (problems.length === 0)
      return scored(true, 'output contains a JSON object matching the schema')
    firstProblem ||= problems[0] ?? ''
  }
  return scored(
    false,
    `no JSON object in the output matches the schema (${objects.length} found; first problem: ${firstProblem})`,
  )
}
