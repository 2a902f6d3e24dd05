import { describe, expect, it } from 'vitest'
import type { JsonSchema } from '../model'
import { schemaValidator } from './schema-validator'

const ticket: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'urgency'],
  properties: {
    summary: { type: 'string', minLength: 1 },
    urgency: { enum: ['low', 'high'] },
    tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, maxItems: 2 },
    due: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
  },
}

describe('schemaValidator', () => {
  it('accepts valid data and says where and why invalid data is wrong', () => {
    const check = schemaValidator(ticket)
    expect(
      check({ summary: 'Refund INV-1', urgency: 'low', tags: ['billing'], due: null }),
    ).toEqual([])
    expect(check({ urgency: 'soon', x: 1 })).toEqual([
      "(root): must have required property 'summary'",
      '/urgency: must be one of "low", "high"',
      '(root): unexpected property `x`',
    ])
    expect(
      check({ summary: '', urgency: 'low', tags: ['Billing', 'a', 'b'], due: '3rd May' }),
    ).toEqual([
      '/summary: must NOT have fewer than 1 characters',
      '/tags: must NOT have more than 2 items',
      '/tags/0: must match pattern "^[a-z]+$"',
      '/due: must match a schema in anyOf',
      '/due: must match format "date"',
      '/due: must be null',
    ])
    expect(check([])).toEqual(['(root): must be object'])
  })

  it('reads the draft from $schema: 2020-12 prefixItems, 2019-09 unevaluatedProperties', () => {
    const tuple = schemaValidator({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'number' }, { type: 'string' }],
      items: false,
    })
    expect(tuple([1, 'a'])).toEqual([])
    expect(tuple(['a', 'a', 3])).toEqual(['/0: must be number', '/2: is not allowed here'])
    const closed = schemaValidator({
      $schema: 'https://json-schema.org/draft/2019-09/schema',
      allOf: [{ properties: { a: { type: 'number' } } }],
      unevaluatedProperties: false,
    })
    expect(closed({ a: 1 })).toEqual([])
    expect(closed({ a: 1, b: 2 })).toEqual(['(root): unexpected property `b`'])
  })

  it('follows $ref and names keys that need escaping as JSON pointers', () => {
    const check = schemaValidator({
      $defs: { amount: { type: 'number', minimum: 0 } },
      type: 'object',
      properties: { 'a/b c': { $ref: '#/$defs/amount' } },
    })
    expect(check({ 'a/b c': -1 })).toEqual(['/a~1b c: must be >= 0'])
  })

  it('matches pattern and patternProperties in linear time', () => {
    const evil = `${'a'.repeat(10_000)}b`
    const check = schemaValidator({
      type: 'object',
      properties: { id: { type: 'string', pattern: '^(a+)+$' } },
      patternProperties: { '^(a|aa)+$': { type: 'number' } },
      additionalProperties: false,
    })
    let fastest = Number.POSITIVE_INFINITY
    for (let i = 0; i < 3; i++) {
      const start = performance.now()
      check({ id: evil, [evil]: 1 })
      fastest = Math.min(fastest, performance.now() - start)
    }
    expect(fastest).toBeLessThan(200)
    const problems = check({ id: evil, [evil]: 1 })
    expect(problems).toEqual([
      '/id: must match pattern "^(a+)+$"',
      `(root): unexpected property \`${evil}\``,
    ])
    expect(check({ id: 'aaa', aaaa: 'x' })).toEqual(['/aaaa: must be number'])
  })

  it('refuses a schema it cannot run, before any data', () => {
    expect(() => schemaValidator({ type: 'string', pattern: '^(?!admin$)' })).toThrow(
      /pattern uses a negative lookahead `\(\?!` \(at character 2\), which the linear-time regex engine \(RE2\) does not support \(at pattern\)/,
    )
    expect(() => schemaValidator({ type: 'strin' })).toThrow(/type must be one of/)
  })

  it('works on a frozen schema and keeps it as it was', () => {
    const schema = Object.freeze({
      $ref: '#/$defs/a',
      $defs: Object.freeze({ a: Object.freeze({ type: 'string' }) }),
    })
    const before = JSON.stringify(schema)
    expect(schemaValidator(schema)(1)).toEqual(['(root): must be string'])
    expect(JSON.stringify(schema)).toBe(before)
    expect(Object.getOwnPropertyNames(schema)).toEqual(['$ref', '$defs'])
  })
})
