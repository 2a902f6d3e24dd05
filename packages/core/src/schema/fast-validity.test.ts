import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fastValidity } from './fast-validity'
import { interpretSchema } from './interpret-schema'
import { draftOf } from './meta-schemas'

const orderSchema = JSON.parse(
  readFileSync(
    new URL('../../../../prompts/extract_order_details.schema.json', import.meta.url),
    'utf8',
  ),
)
const ORDER = {
  is_order_email: true,
  order_id: 'A-10293',
  order_date: '2024-03-14',
  customer_name: 'Emily',
  currency: 'USD',
  items: [{ sku: null, name: 'Pour-Over Set', quantity: 2, unit_price: 34 }],
  subtotal: 68,
  shipping: null,
  tax: 0,
  total: 68,
}

/** Schemas covering every keyword the fast check handles, each with a valid seed value. */
const CASES: Array<[string, object, unknown]> = [
  ['ExtractOrderDetails', orderSchema, ORDER],
  [
    'oneOf of closed objects',
    {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['a'],
          properties: { a: { type: 'integer' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['b'],
          properties: { b: { enum: ['x', 'y', [1], { k: 1 }] } },
        },
      ],
    },
    { a: 1 },
  ],
  [
    'numbers, strings, formats',
    {
      type: 'object',
      properties: {
        n: { type: ['number', 'null'], minimum: 0, exclusiveMaximum: 10 },
        i: { type: 'integer', maximum: 5, exclusiveMinimum: -5 },
        s: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z😀]+$' },
        e: { type: 'string', format: 'email' },
        d: { format: 'date-time' },
        c: { const: { x: [1, 2] } },
      },
    },
    { n: 1.5, i: 3, s: 'ab😀', e: 'a@b.co', d: '2024-03-14T10:00:00Z', c: { x: [1, 2] } },
  ],
  [
    'arrays and objects',
    {
      type: 'array',
      minItems: 1,
      maxItems: 3,
      uniqueItems: true,
      items: {
        type: 'object',
        minProperties: 1,
        maxProperties: 2,
        patternProperties: { '^x_': { type: 'string' } },
        additionalProperties: { type: 'number' },
        not: { required: ['forbidden'] },
      },
    },
    [{ x_a: 'a' }, { y: 1 }],
  ],
  [
    'allOf and anyOf',
    { allOf: [{ type: 'string' }, { anyOf: [{ minLength: 3 }, { const: 'ok' }] }] },
    'ok',
  ],
  ['booleans', { type: 'object', properties: { t: true, f: false } }, { t: [1] }],
]

/** Variants of a seed: each path replaced by random JSON, deleted, or given a sibling. */
function variants(seed: unknown, n: number, salt: number): unknown[] {
  const paths: Array<Array<string | number>> = []
  const walk = (v: unknown, at: Array<string | number>) => {
    paths.push(at)
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, [...at, i])
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, [...at, k])
    }
  }
  walk(seed, [])
  const json = fc.sample(fc.jsonValue({ maxDepth: 2 }), { numRuns: n, seed: salt })
  return json.map((value, i) => {
    const copy = structuredClone(seed) as Record<string | number, unknown>
    const path = paths[(i * 7919) % paths.length] as Array<string | number>
    if (path.length === 0) return value
    let parent = copy
    for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>
    const last = path.at(-1) as string | number
    if (i % 5 === 0 && !Array.isArray(parent)) delete parent[last]
    else if (i % 5 === 1 && !Array.isArray(parent)) parent[`extra_${i}`] = value
    else parent[last] = value
    return copy
  })
}

describe('fastValidity agrees with the interpreter', () => {
  it.each(CASES)('%s: the same verdict on the seed and 400 variants', (_name, schema, seed) => {
    const fast = fastValidity(schema)
    expect(fast).toBeDefined()
    const interpreted = interpretSchema(schema, draftOf(schema)?.draft ?? '7')
    const verdict = (v: unknown) => interpreted.errors(v).length === 0
    expect(fast?.(seed)).toBe(true)
    let valid = 0
    for (const v of variants(seed, 400, 42)) {
      expect([v, fast?.(v)]).toEqual([v, verdict(v)])
      if (verdict(v)) valid++
    }
    // The variants exercise both verdicts.
    expect(valid).toBeGreaterThan(0)
  })

  it('leaves to the interpreter what it does not cover', () => {
    for (const schema of [
      { $ref: '#/$defs/a', $defs: { a: { type: 'string' } } },
      { if: { type: 'string' }, else: { minLength: 1 } },
      { type: 'array', items: [{ type: 'string' }] },
      { type: 'array', contains: { const: 1 } },
      { properties: { a: { multipleOf: 3 } } },
      { unevaluatedProperties: false },
      { 'x-vendor': 1 },
    ]) {
      expect(fastValidity(schema), JSON.stringify(schema)).toBeUndefined()
    }
  })

  it('says no to what JSON cannot hold, so the interpreter reports it', () => {
    const fast = fastValidity({ type: 'object' })
    expect(fast?.({ a: undefined })).toBe(true) // not visited, as in the interpreter
    expect(fastValidity({ properties: { a: {} } })?.({ a: () => 1 })).toBe(false)
  })
})
