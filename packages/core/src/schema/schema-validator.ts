/**
 * One JSON Schema validator for every part of Canon that checks data against a prompt's
 * `output.schema` (the loader, evaluation assertions, the SDK's `parse`/`run`): ajv with formats,
 * the draft chosen by `$schema` (2020-12, 2019-09, else draft-07), and one way of describing
 * what is wrong, phrased for a person and for a model being re-asked.
 * @module
 */
import Ajv, { type ErrorObject } from 'ajv'
import Ajv2019 from 'ajv/dist/2019'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import type { JsonSchema } from '../model'

type AnyAjv = InstanceType<typeof Ajv>
const instances = new Map<string, AnyAjv>()

/** The ajv instance for the draft `schema` declares (one shared instance per draft). */
export function ajvForSchema(schema: JsonSchema | unknown): AnyAjv {
  const declared =
    typeof schema === 'object' &&
    schema !== null &&
    typeof (schema as { $schema?: unknown }).$schema === 'string'
      ? (schema as { $schema: string }).$schema
      : ''
  const draft = declared.includes('2020-12') ? '2020' : declared.includes('2019-09') ? '2019' : '07'
  let ajv = instances.get(draft)
  if (!ajv) {
    const options = { allErrors: true, strict: false }
    ajv =
      draft === '2020'
        ? new Ajv2020(options)
        : draft === '2019'
          ? new Ajv2019(options)
          : new Ajv(options)
    addFormats(ajv as Parameters<typeof addFormats>[0])
    instances.set(draft, ajv)
  }
  return ajv
}

/** Returns the problems of `data` against the schema; empty when it is valid. */
export type SchemaValidator = (data: unknown) => string[]

const compiled = new WeakMap<object, SchemaValidator>()

/**
 * A validator for `schema`, compiled once per schema object, whose problems read
 * `/urgency: must be one of "low", "high"`.
 * @throws Error when the schema does not compile
 * @example schemaValidator({ type: 'object', required: ['summary'] })({}) // ["(root): must have required property 'summary'"]
 */
export function schemaValidator(schema: JsonSchema): SchemaValidator {
  const key = typeof schema === 'object' ? schema : undefined
  const cached = key ? compiled.get(key) : undefined
  if (cached) return cached
  const validate = ajvForSchema(schema).compile(schema)
  const run: SchemaValidator = (data) =>
    validate(data) ? [] : (validate.errors ?? []).map(describeSchemaError)
  if (key) compiled.set(key, run)
  return run
}

/** One ajv error in words: where (`(root)` or a JSON pointer) and what. */
export function describeSchemaError(e: ErrorObject): string {
  const at = e.instancePath === '' ? '(root)' : e.instancePath
  if (e.keyword === 'additionalProperties') {
    return `${at}: unexpected property \`${(e.params as { additionalProperty: string }).additionalProperty}\``
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues
    return `${at}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
  }
  return `${at}: ${e.message ?? e.keyword}`
}
