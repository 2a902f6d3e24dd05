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
        message: 'type must be equal to one of the allowed values',
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
