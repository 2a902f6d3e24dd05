import { describe, expect, it } from 'vitest'
import { getJsonPath, parseJsonPath } from './json-path'

describe('parseJsonPath', () => {
  it('parses dots, indexes and quoted names', () => {
    expect(parseJsonPath('$')).toEqual([])
    expect(parseJsonPath('$.a.b_c[0][-1]')).toEqual(['a', 'b_c', 0, -1])
    expect(parseJsonPath(`$['display name']["it's"].x`)).toEqual(['display name', "it's", 'x'])
  })

  it('refuses what it does not support with a pointer to the column', () => {
    expect(() => parseJsonPath('a.b')).toThrow('must start with `$`')
    expect(() => parseJsonPath('$..a')).toThrow(
      'wildcards, filters and `..` are not supported (at column 2)',
    )
    expect(() => parseJsonPath('$.items[*]')).toThrow('not supported')
    expect(() => parseJsonPath('$.a b')).toThrow('unexpected ` ` at column 4')
  })
})

describe('getJsonPath', () => {
  const doc = { items: [{ id: 1 }, { id: 2, tags: null }], 'a b': false }
  it('follows paths and reports missing steps', () => {
    expect(getJsonPath(doc, parseJsonPath('$.items[-1].id'))).toEqual({ found: true, value: 2 })
    expect(getJsonPath(doc, parseJsonPath('$.items[1].tags'))).toEqual({ found: true, value: null })
    expect(getJsonPath(doc, parseJsonPath("$['a b']"))).toEqual({ found: true, value: false })
    expect(getJsonPath(doc, parseJsonPath('$.items[5]'))).toEqual({ found: false })
    expect(getJsonPath(doc, parseJsonPath('$.items.id'))).toEqual({ found: false })
    expect(getJsonPath(doc, parseJsonPath('$.toString'))).toEqual({ found: false })
  })
})
