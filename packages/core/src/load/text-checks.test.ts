import { describe, expect, it } from 'vitest'
import { parsePromptObject, parsePromptSource } from './parse-prompt'
import { UNSAFE_TEXT_CODE } from './text-checks'

const file = (extra: string) =>
  `name: t\nversion: 1\ninput_variables: [who]\ntemplate: "Hi {{ who }}"\n${extra}`

describe('text checks', () => {
  it.each([
    ['description: "a\\0b"\n', 5, 14, 'description contains a NUL character'],
    ['description: "a\\x00b"\n', 5, 14, 'description contains a NUL character'],
    ['tags: [ok, "x\\ud800"]\n', 5, 12, 'tags.1 contains a lone surrogate (U+D800)'],
    ['owners:\n  - "\\udc00"\n', 6, 5, 'owners.0 contains a lone surrogate (U+DC00)'],
  ])('YAML %j is an error at its line:col', (extra, line, col, message) => {
    const result = parsePromptSource(file(extra), 'p.yaml')
    expect(result.prompt).toBeUndefined()
    const found = result.diagnostics.find((d) => d.code === UNSAFE_TEXT_CODE)
    expect(found).toMatchObject({ line, col, severity: 'error' })
    expect(found?.message).toContain(message)
  })

  it('reports a bad key at the key, and text in templates', () => {
    const result = parsePromptSource(
      'name: t\nversion: 1\ninputs:\n  "w\\0": {type: string}\ntemplate: "Hi\\0"\n',
      'p.yaml',
    )
    const found = result.diagnostics.filter((d) => d.code === UNSAFE_TEXT_CODE)
    expect(found.map((d) => [d.line, d.col])).toEqual([
      [4, 3],
      [5, 11],
    ])
    expect(found[0]?.message).toMatch(/^the key inputs\["w\\u0000"\] contains a NUL/)
  })

  it('checks definitions given as data too', () => {
    const result = parsePromptObject({
      name: 't',
      version: 1,
      inputs: {},
      template: 'x',
      model: { name: 'm\uD800' },
    })
    expect(result.prompt).toBeUndefined()
    expect(result.diagnostics.find((d) => d.code === UNSAFE_TEXT_CODE)?.message).toBe(
      'model.name contains a lone surrogate (U+D800) at offset 1, which is not valid Unicode',
    )
  })
})
