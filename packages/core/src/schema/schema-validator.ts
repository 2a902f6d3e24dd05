/**
 * One JSON Schema validator for every part of Canon that checks data against a prompt's
 * `output.schema` (the loader, evaluation assertions, the SDK's `parse`/`run`). Schemas come
 * from prompts, which are untrusted in every app, so they are interpreted, never compiled to
 * code, and their regexes run in linear time (`interpret-schema.ts`). Problems are described
 * one way, for a person and for a model being re-asked.
 * @module
 */
import type { JsonSchema } from '../model'
import { pointerOf, schemaProblems } from './describe-schema-error'
import { fastValidity } from './fast-validity'
import { interpretSchema } from './interpret-schema'
import { checkJsonSchema } from './json-schema-check'
import { draftOf } from './meta-schemas'

/** Returns the problems of `data` against the schema; empty when it is valid. */
export type SchemaValidator = (data: unknown) => string[]

const prepared = new WeakMap<object, SchemaValidator>()

/**
 * A validator for `schema`, prepared once per schema object (checked against its draft's
 * meta-schema first), whose problems read `/urgency: must be one of "low", "high"`.
 * @throws Error naming the first problem when the schema is not a usable JSON Schema
 * @example schemaValidator({ type: 'object', required: ['summary'] })({}) // ["(root): must have required property 'summary'"]
 */
export function schemaValidator(schema: JsonSchema): SchemaValidator {
  const key = typeof schema === 'object' && schema !== null ? schema : undefined
  const cached = key ? prepared.get(key) : undefined
  if (cached) return cached
  const [problem] = checkJsonSchema(schema)
  if (problem) {
    const at = problem.path.length > 0 ? ` (at ${problem.path.join('.')})` : ''
    throw new Error(`${problem.message}${at}`)
  }
  const interpreted = interpretSchema(schema, draftOf(schema)?.draft ?? '7')
  const valid = fastValidity(schema)
  const run: SchemaValidator = (data) => {
    if (valid?.(data)) return []
    let errors: ReturnType<typeof interpreted.errors>
    try {
      errors = interpreted.errors(data)
    } catch (err) {
      // Values JSON cannot hold (undefined, a function, a bigint) somewhere in `data`.
      return [`(root): is not JSON data: ${(err as Error).message}`]
    }
    if (errors.length === 0) return []
    return schemaProblems(errors, interpreted).map((p) => `${pointerOf(p.path)}: ${p.message}`)
  }
  if (key) prepared.set(key, run)
  return run
}
