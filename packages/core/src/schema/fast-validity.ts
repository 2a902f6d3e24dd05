/**
 * A fast yes for valid outputs. Interpreting a schema node by node (`interpret-schema.ts`) costs
 * ~100x what ajv's generated code did; most outputs a model returns are valid, and for those
 * only the verdict matters. This turns a schema made of the common keywords into nested
 * closures (no code generation: plain functions chosen per keyword) that answer "valid?" only.
 * When the answer is no, or the schema uses anything else (`$ref`, `if`, `contains`,
 * `unevaluated*`, …), the interpreter decides and explains, so the verdicts and messages are
 * always the interpreter's. The closures use the interpreter's own helpers (deep equality,
 * formats, code-point length) and the same linear-time patterns.
 * @module
 */
import { deepCompareStrict, format as formats, ucs2length } from '@cfworker/json-schema'
import { linearRegex } from './linear-regex'

/** Whether a value is valid; false may also mean "ask the interpreter". */
export type ValidityCheck = (value: unknown) => boolean

/** Keywords that never change a verdict here. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  '$defs',
  'definitions',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentMediaType',
  'contentEncoding',
])

const SUPPORTED = new Set([
  'type',
  'const',
  'enum',
  'not',
  'anyOf',
  'allOf',
  'oneOf',
  'required',
  'properties',
  'patternProperties',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
])

class Decline extends Error {}

type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object'

/** The instance type as the interpreter sees it; undefined for what JSON cannot hold. */
function jsonType(v: unknown): JsonType | undefined {
  switch (typeof v) {
    case 'string':
      return 'string'
    case 'number':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'object':
      return v === null ? 'null' : Array.isArray(v) ? 'array' : 'object'
    default:
      return undefined
  }
}

const hasOwn = Object.hasOwn
const isInteger = (v: unknown) => typeof v === 'number' && v % 1 === 0

/**
 * The fast check for `schema`, or undefined when it uses a keyword this does not cover.
 * @example fastValidity({ type: 'string', minLength: 1 })?.('x') // true
 */
export function fastValidity(schema: unknown): ValidityCheck | undefined {
  try {
    return build(schema)
  } catch (err) {
    if (err instanceof Decline) return undefined
    throw err
  }
}

function build(node: unknown): ValidityCheck {
  if (node === true) return () => true
  if (node === false) return () => false
  if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new Decline()
  const s = node as Record<string, unknown>
  for (const key of Object.keys(s)) {
    if (!SUPPORTED.has(key) && !ANNOTATIONS.has(key)) throw new Decline()
  }
  const any: ValidityCheck[] = [] // checks for every instance type
  const object: ValidityCheck[] = []
  const array: ValidityCheck[] = []
  const number: ValidityCheck[] = []
  const string: ValidityCheck[] = []

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as unknown[]) : [s.type]
    if (!types.every((t) => typeof t === 'string')) throw new Decline()
    any.push((v) => {
      const t = jsonType(v)
      return types.some((want) => want === t || (want === 'integer' && isInteger(v)))
    })
  }
  if (s.const !== undefined) {
    const c = s.const
    any.push((v) => (typeof v === 'object' && v !== null ? deepCompareStrict(v, c) : v === c))
  }
  if (s.enum !== undefined) {
    if (!Array.isArray(s.enum)) throw new Decline()
    const values = s.enum as unknown[]
    any.push((v) =>
      typeof v === 'object' && v !== null
        ? values.some((e) => deepCompareStrict(v, e))
        : values.includes(v),
    )
  }
  if (s.not !== undefined) {
    const not = build(s.not)
    any.push((v) => !not(v))
  }
  for (const key of ['anyOf', 'allOf', 'oneOf'] as const) {
    if (s[key] === undefined) continue
    if (!Array.isArray(s[key])) throw new Decline()
    const subs = (s[key] as unknown[]).map(build)
    if (key === 'anyOf') any.push((v) => subs.some((sub) => sub(v)))
    else if (key === 'allOf') any.push((v) => subs.every((sub) => sub(v)))
    else
      any.push((v) => {
        let matches = 0
        for (const sub of subs) if (sub(v) && ++matches > 1) return false
        return matches === 1
      })
  }

  if (s.required !== undefined) {
    if (!Array.isArray(s.required)) throw new Decline()
    const required = s.required as string[]
    object.push((v) => required.every((k) => hasOwn(v as object, k)))
  }
  if (typeof s.minProperties === 'number') {
    const min = s.minProperties
    object.push((v) => Object.keys(v as object).length >= min)
  }
  if (typeof s.maxProperties === 'number') {
    const max = s.maxProperties
    object.push((v) => Object.keys(v as object).length <= max)
  }
  for (const key of ['properties', 'patternProperties'] as const) {
    if (s[key] !== undefined && (typeof s[key] !== 'object' || s[key] === null)) throw new Decline()
  }
  const props = (s.properties ?? {}) as Record<string, unknown>
  const propChecks = Object.entries(props).map(([k, sub]) => [k, build(sub)] as const)
  if (propChecks.length > 0) {
    object.push((v) => {
      const o = v as Record<string, unknown>
      for (const [k, check] of propChecks) if (hasOwn(o, k) && !check(o[k])) return false
      return true
    })
  }
  const patterns = Object.entries((s.patternProperties ?? {}) as Record<string, unknown>).map(
    ([re, sub]) => [linearRegex(re, 'u'), build(sub)] as const,
  )
  const additional =
    s.additionalProperties === undefined ? undefined : build(s.additionalProperties)
  if (patterns.length > 0 || additional) {
    object.push((v) => {
      const o = v as Record<string, unknown>
      // `for…in`, as the interpreter walks them.
      for (const key in o) {
        let covered = hasOwn(props, key) && hasOwn(o, key)
        for (const [re, check] of patterns) {
          if (re.test(key)) {
            covered = true
            if (!check(o[key])) return false
          }
        }
        if (!covered && additional && !additional(o[key])) return false
      }
      return true
    })
  }

  if (s.items !== undefined) {
    if (Array.isArray(s.items)) throw new Decline() // tuple form: the interpreter's job
    const item = build(s.items)
    array.push((v) => (v as unknown[]).every((x) => item(x)))
  }
  if (typeof s.minItems === 'number') {
    const min = s.minItems
    array.push((v) => (v as unknown[]).length >= min)
  }
  if (typeof s.maxItems === 'number') {
    const max = s.maxItems
    array.push((v) => (v as unknown[]).length <= max)
  }
  if (s.uniqueItems === true) {
    array.push((v) => {
      const a = v as unknown[]
      for (let j = 0; j < a.length; j++) {
        for (let k = j + 1; k < a.length; k++) {
          const x = a[j]
          const y = a[k]
          if (x === y) return false
          if (typeof x === 'object' && x && typeof y === 'object' && y && deepCompareStrict(x, y))
            return false
        }
      }
      return true
    })
  } else if (s.uniqueItems !== undefined && s.uniqueItems !== false) throw new Decline()

  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    const limit = s[key]
    if (limit === undefined) continue
    if (typeof limit !== 'number') throw new Decline() // draft-04 booleans
    number.push(
      key === 'minimum'
        ? (v) => (v as number) >= limit
        : key === 'maximum'
          ? (v) => (v as number) <= limit
          : key === 'exclusiveMinimum'
            ? (v) => (v as number) > limit
            : (v) => (v as number) < limit,
    )
  }

  if (typeof s.minLength === 'number' || typeof s.maxLength === 'number') {
    const min = typeof s.minLength === 'number' ? s.minLength : 0
    const max = typeof s.maxLength === 'number' ? s.maxLength : Number.POSITIVE_INFINITY
    string.push((v) => {
      const n = ucs2length(v as string)
      return n >= min && n <= max
    })
  }
  if (typeof s.pattern === 'string') {
    const re = linearRegex(s.pattern, 'u')
    string.push((v) => re.test(v as string))
  }
  if (typeof s.format === 'string' && formats[s.format]) {
    const test = formats[s.format] as (v: string) => boolean
    string.push((v) => test(v as string))
  }

  const all = (checks: ValidityCheck[]) => (v: unknown) => checks.every((c) => c(v))
  const anyOk = all(any)
  const objectOk = all(object)
  const arrayOk = all(array)
  const numberOk = all(number)
  const stringOk = all(string)
  return (v) => {
    const t = jsonType(v)
    if (t === undefined || !anyOk(v)) return false
    if (t === 'object') return objectOk(v)
    if (t === 'array') return arrayOk(v)
    if (t === 'number') return numberOk(v)
    if (t === 'string') return stringOk(v)
    return true
  }
}
