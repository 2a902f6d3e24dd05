/**
 * What is wrong with a value, in words, from the validator's output units: only the errors
 * that say something (a `properties` or `$ref` error that merely wraps the errors of a
 * subschema is dropped), each phrased for a person and for a model being re-asked.
 * @module
 */
import type { OutputUnit } from '@cfworker/json-schema'
import { decodeSegment, type InterpretedSchema } from './interpret-schema'

/** One problem: where (JSON-pointer segments into the value) and what, without the where. */
export interface SchemaProblem {
  path: string[]
  keyword: string
  message: string
}

/** Keywords whose error summarises its alternatives; kept next to the alternatives' errors. */
const ALTERNATIVES = new Set(['anyOf', 'oneOf'])
/** Keywords whose `false` subschema means "this property may not be here". */
const CLOSED = new Set(['additionalProperties', 'unevaluatedProperties'])

/**
 * The errors worth reading, phrased. An error is a wrapper when the next one lies inside its
 * keyword (the library lists a wrapper right before what it wraps).
 */
export function schemaProblems(errors: OutputUnit[], schema: InterpretedSchema): SchemaProblem[] {
  const out: SchemaProblem[] = []
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i] as OutputUnit
    const next = errors[i + 1]
    const wraps = next?.keywordLocation.startsWith(`${e.keywordLocation}/`) === true
    if (wraps && !ALTERNATIVES.has(e.keyword)) continue
    // A `false` subschema's error stands for its parent's (`properties: { x: false }`), except
    // where the parent says it better ("unexpected property").
    if (next?.keyword === 'false' && !CLOSED.has(e.keyword)) continue
    if (e.keyword === 'false' && CLOSED.has(errors[i - 1]?.keyword ?? '')) continue
    out.push({
      path: e.instanceLocation.split('/').slice(1).map(decodeSegment),
      keyword: e.keyword,
      message: phrase(e, schema.keywordValue(e.keywordLocation)),
    })
  }
  return out
}

/** A JSON pointer for a problem's path (`(root)` for the value itself), as ajv wrote it. */
export function pointerOf(path: readonly string[]): string {
  if (path.length === 0) return '(root)'
  return path.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')
}

const quoted = (m: RegExpExecArray | null) => (m ? (m[1] as string) : '?')
const list = (values: unknown) =>
  Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : JSON.stringify(values)

function phrase(e: OutputUnit, value: unknown): string {
  if (value === undefined && e.keyword !== 'false')
    return e.error.replace(/^Instance /, '').replace(/\.$/, '')
  switch (e.keyword) {
    case 'required':
      return `must have required property '${quoted(/required property "(.*)"\.$/.exec(e.error))}'`
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `unexpected property \`${quoted(/^Property "(.*)" does not match/.exec(e.error))}\``
    case 'enum':
      return `must be one of ${list(value)}`
    case 'const':
      return `must be equal to ${JSON.stringify(value)}`
    case 'type':
      return `must be ${quoted(/Expected "(.*)"\.$/.exec(e.error))
        .split('", "')
        .join(' or ')}`
    case 'pattern':
      return `must match pattern "${value}"`
    case 'format':
      return `must match format "${value}"`
    case 'minLength':
      return `must NOT have fewer than ${value} characters`
    case 'maxLength':
      return `must NOT have more than ${value} characters`
    case 'minItems':
      return `must NOT have fewer than ${value} items`
    case 'maxItems':
      return `must NOT have more than ${value} items`
    case 'minProperties':
      return `must NOT have fewer than ${value} properties`
    case 'maxProperties':
      return `must NOT have more than ${value} properties`
    case 'minimum':
      return `must be >= ${value}`
    case 'maximum':
      return `must be <= ${value}`
    case 'exclusiveMinimum':
      return typeof value === 'number' ? `must be > ${value}` : e.error.replace(/\.$/, '')
    case 'exclusiveMaximum':
      return typeof value === 'number' ? `must be < ${value}` : e.error.replace(/\.$/, '')
    case 'multipleOf':
      return `must be a multiple of ${value}`
    case 'uniqueItems':
      return `must NOT have duplicate items (${e.error.replace(/^Duplicate items at |\.$/g, '')})`
    case 'anyOf':
      return 'must match a schema in anyOf'
    case 'oneOf':
      return 'must match exactly one schema in oneOf'
    case 'not':
      return 'must NOT be valid against the schema in not'
    case 'false':
      return 'is not allowed here'
    default:
      // The library's own sentence ("Instance has "a" but does not have "b".").
      return e.error.replace(/^Instance /, '').replace(/\.$/, '')
  }
}
