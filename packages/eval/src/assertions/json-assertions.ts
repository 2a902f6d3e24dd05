import { isDeepStrictEqual } from 'node:util'
import type { AssertionSpec, JsonSchema } from '@canon/core'
import { schemaValidator } from '@canon/core'
import { extractJson } from './extract-json'
import { getJsonPath, parseJsonPath } from './json-path'
import type { AssertionContext, Verdict } from './types'
import { failed, quote, scored, skipped } from './types'

function validateAgainst(value: unknown, schema: JsonSchema): Verdict {
  let problems: string[]
  try {
    problems = schemaValidator(schema)(value)
  } catch (err) {
    return failed(`the JSON Schema is not valid: ${(err as Error).message}`)
  }
  if (problems.length === 0) return scored(true, 'output is valid JSON matching the schema')
  const shown = problems.slice(0, 3).join('; ')
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''
  return scored(false, `output does not match the schema: ${shown}${more}`)
}

/** `is-json`: the output parses as JSON; with a `value`, it also matches that schema. */
export function isJson(output: string, spec: AssertionSpec): Verdict {
  const parsed = extractJson(output)
  if (!parsed.ok) return scored(false, parsed.reason)
  if (spec.value !== undefined) return validateAgainst(parsed.value, spec.value as JsonSchema)
  return scored(true, 'output is valid JSON')
}

/** `json-schema`: the output is JSON matching `value`, or the prompt's `output.schema`. */
export function jsonSchema(output: string, spec: AssertionSpec, ctx: AssertionContext): Verdict {
  const schema = (spec.value as JsonSchema | undefined) ?? ctx.outputSchema
  if (schema === undefined) {
    return failed(
      '`json-schema` has no schema: give it a `value` or give the prompt an `output.schema`',
    )
  }
  const parsed = extractJson(output)
  if (!parsed.ok) return scored(false, parsed.reason)
  return validateAgainst(parsed.value, schema)
}

/** `equals` with a JSON value (or the case's `expected_json`): deep equality of parsed output. */
export function equalsJson(output: string, expected: unknown): Verdict {
  const parsed = extractJson(output)
  if (!parsed.ok) return scored(false, parsed.reason)
  const pass = isDeepStrictEqual(parsed.value, expected)
  return scored(
    pass,
    pass
      ? `output equals ${quote(expected)}`
      : `output ${quote(parsed.value)} differs from ${quote(expected)}`,
  )
}

/**
 * `json-path`: the value at `path` in the output equals `value`; without a `value`, it equals
 * the value at the same path in the case's `expected_json`.
 */
export function jsonPath(output: string, spec: AssertionSpec, ctx: AssertionContext): Verdict {
  if (typeof spec.path !== 'string') return failed('`json-path` needs a `path`, e.g. `$.urgency`')
  let segments: ReturnType<typeof parseJsonPath>
  try {
    segments = parseJsonPath(spec.path)
  } catch (err) {
    return failed((err as Error).message)
  }
  let expected = spec.value
  if (expected === undefined) {
    if (ctx.case.expected_json === undefined)
      return skipped('case has no `expected_json` to compare with')
    const reference = getJsonPath(ctx.case.expected_json, segments)
    if (!reference.found) return skipped(`case's \`expected_json\` has nothing at ${spec.path}`)
    expected = reference.value
  }
  const parsed = extractJson(output)
  if (!parsed.ok) return scored(false, parsed.reason)
  const actual = getJsonPath(parsed.value, segments)
  if (!actual.found) return scored(false, `output has nothing at ${spec.path}`)
  const pass = isDeepStrictEqual(actual.value, expected)
  return scored(
    pass,
    pass
      ? `${spec.path} is ${quote(expected)}`
      : `${spec.path} is ${quote(actual.value)}, expected ${quote(expected)}`,
  )
}
