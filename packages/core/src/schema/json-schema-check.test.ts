import { describe, expect, it } from 'vitest'
import { checkJsonSchema } from './json-schema-check'

describe('checkJsonSchema', () => {
  it('accepts valid schemas of each supported draft', () => {
    expect(
      checkJsonSchema({ type: 'object', properties: { a: { type: 'string', format: 'email' } } }),
    ).toEqual([])
    expect(
      checkJsonSchema({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'array',
        prefixItems: [{ type: 'number' }],
      }),
    ).toEqual([])
    expect(checkJsonSchema(true)).toEqual([])
  })

  it('points at the bad keyword inside the schema', () => {
    expect(checkJsonSchema({ type: 'object', properties: { id: { type: 'strin' } } })).toEqual([
      {
        path: ['properties', 'id', 'type'],
        message:
          'type must be one of "array", "boolean", "integer", "null", "number", "object", "string"',
      },
    ])
  })

  it('rejects an invalid regular expression in pattern', () => {
    const [problem] = checkJsonSchema({ type: 'string', pattern: '(unclosed' })
    expect(problem?.path).toEqual(['pattern'])
  })

  it('rejects a $ref that does not resolve', () => {
    const [problem] = checkJsonSchema({
      type: 'object',
      properties: { a: { $ref: '#/$defs/missing' } },
    })
    expect(problem?.message).toContain("can't resolve reference #/$defs/missing")
  })

  it('accepts a $ref that resolves, and can check the same schema twice', () => {
    const schema = {
      $id: 'https://example.com/s',
      $defs: { n: { type: 'number' } },
      items: { $ref: '#/$defs/n' },
    }
    expect(checkJsonSchema(schema)).toEqual([])
    expect(checkJsonSchema(structuredClone(schema))).toEqual([])
  })
})

describe('checkJsonSchema: what the interpreting validator cannot run', () => {
  it('rejects patterns RE2 cannot express, pointing at them', () => {
    expect(
      checkJsonSchema({
        type: 'object',
        properties: { password: { type: 'string', pattern: '^(?=.*\\d).{8,}$' } },
        patternProperties: { '^(\\w)\\1$': { type: 'string' } },
        // Data keywords are not schemas: a `pattern` inside `examples` is just a value.
        examples: [{ pattern: '(?=x)' }],
      }),
    ).toEqual([
      {
        path: ['properties', 'password', 'pattern'],
        message:
          'pattern uses a lookahead `(?=` (at character 2), which the linear-time regex engine (RE2) does not support',
      },
      {
        path: ['patternProperties', '^(\\w)\\1$'],
        message:
          'patternProperties key "^(\\\\w)\\\\1$" uses a backreference `\\1` (at character 6), which the linear-time regex engine (RE2) does not support',
      },
    ])
  })

  it('rejects dynamic references, which it does not implement', () => {
    const [problem] = checkJsonSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $dynamicAnchor: 'node',
      properties: { children: { items: { $dynamicRef: '#node' } } },
    })
    expect(problem).toEqual({
      path: ['$dynamicAnchor'],
      message:
        "$dynamicAnchor is not supported (Canon's validator has no dynamic references); use $ref",
    })
  })

  it('checks 2019-09 and 2020-12 schemas against their own meta-schemas', () => {
    for (const $schema of [
      'https://json-schema.org/draft/2019-09/schema',
      'https://json-schema.org/draft/2020-12/schema',
    ]) {
      expect(
        checkJsonSchema({ $schema, type: 'object', properties: { n: { minimum: 'one' } } }),
      ).toEqual([{ path: ['properties', 'n', 'minimum'], message: 'minimum must be number' }])
    }
  })

  it('names an unsupported $schema', () => {
    expect(checkJsonSchema({ $schema: 'http://json-schema.org/draft-04/schema#' })).toEqual([
      {
        path: ['$schema'],
        message:
          '$schema "http://json-schema.org/draft-04/schema#" is not supported; use draft-07, 2019-09 or 2020-12',
      },
    ])
  })
})
