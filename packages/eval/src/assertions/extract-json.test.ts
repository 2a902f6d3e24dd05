import { describe, expect, it } from 'vitest'
import { extractJson } from './extract-json'

describe('extractJson', () => {
  it('parses bare JSON and a single fenced block', () => {
    expect(extractJson(' {"a":1} ')).toEqual({ ok: true, value: { a: 1 } })
    expect(extractJson('```json\n{"a":1}\n```')).toEqual({ ok: true, value: { a: 1 } })
    expect(extractJson('```JSON\r\n[true]\r\n```')).toEqual({ ok: true, value: [true] })
    expect(extractJson('"text"')).toEqual({ ok: true, value: 'text' })
  })

  it('says why when it is not JSON', () => {
    expect(extractJson('{"a":}')).toEqual({
      ok: false,
      reason: 'output is not valid JSON: Unexpected token \'}\', "{"a":}" is not valid JSON',
    })
    expect(extractJson('{"a":1,}')).toEqual({
      ok: false,
      reason: 'output is not valid JSON: Expected double-quoted property name at character 7',
    })
  })
})
