import { describe, expect, it } from 'vitest'
import { parseYaml } from './parse-yaml'

const SOURCE = `# a prompt
name: summarize  # trailing comment
version: 2
description:
tags: [a, b]
inputs:
  ticket:
    type: string
  tone: string
messages:
  - role: system
    content: |
      You are {{ tone }}
  - role: user
    content: "hi {{ ticket }}"
model: {name: gpt-4o, temperature: 0.2}
`

describe('parseYaml', () => {
  const { value, positions, diagnostics } = parseYaml(SOURCE, 'a.yaml')

  it('parses the document', () => {
    expect(diagnostics).toEqual([])
    expect(value).toMatchObject({ name: 'summarize', version: 2, tags: ['a', 'b'] })
  })

  it.each([
    ['name', '2:1', '2:7'],
    ['version', '3:1', '3:10'],
    ['tags[1]', '5:11', '5:11'],
    ['inputs.ticket.type', '8:5', '8:11'],
    ['inputs.tone', '9:3', '9:9'],
    ['messages[0].content', '12:5', '12:14'],
    ['messages[1].role', '14:5', '14:11'],
    ['model.temperature', '16:23', '16:36'],
  ])('maps %s to its key %s and value %s', (path, key, val) => {
    const found = positions?.locate(path)
    expect(found?.exact).toBe(true)
    expect(`${found?.key.line}:${found?.key.col}`).toBe(key)
    expect(`${found?.value.line}:${found?.value.col}`).toBe(val)
  })

  it('knows how each scalar is written', () => {
    expect(positions?.locate('messages[0].content').node.style).toBe('literal')
    expect(positions?.locate('messages[1].content').node.style).toBe('double')
    expect(positions?.locate('name').node.style).toBe('plain')
  })

  it('falls back to the deepest existing node for paths the file does not have', () => {
    const found = positions?.locate('model.top_p')
    expect(found?.exact).toBe(false)
    expect(found?.key).toMatchObject({ line: 16, col: 1 })
  })

  it('reports YAML syntax errors at their line:col', () => {
    const r = parseYaml('name: a\ntags: [x, y\nversion: 1\n', 'b.yaml')
    expect(r.value).toBeUndefined()
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ file: 'b.yaml', line: 3, col: 1, code: 'yaml-syntax' }),
    ])
    expect(r.diagnostics[0]?.message).toMatch(/^YAML syntax error: /)
  })

  it('reports duplicate keys', () => {
    const r = parseYaml('name: a\nname: b\n', 'c.yaml')
    expect(r.diagnostics[0]).toMatchObject({
      line: 2,
      message: expect.stringContaining('duplicated'),
    })
  })

  it('keeps dates as strings (YAML 1.2 core schema)', () => {
    expect(parseYaml('d: 2024-01-02\n', 'd.yaml').value).toEqual({ d: '2024-01-02' })
  })

  it('ignores a BOM when counting columns', () => {
    const r = parseYaml('\uFEFFname: a\n', 'e.yaml')
    expect(r.positions?.locate('name').value).toMatchObject({ line: 1, col: 7 })
  })

  it('supports anchors, aliases and merge keys of normal size', () => {
    const r = parseYaml('base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n', 'f.yaml')
    expect(r.diagnostics).toEqual([])
    expect(r.value).toEqual({ base: { x: 1 }, d: { x: 1, y: 2 } })
    expect(r.positions?.locate('d.y').key).toMatchObject({ line: 4, col: 3 })
  })

  it('refuses an alias bomb quickly, at the first alias', () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (const [prev, cur] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) {
      rows.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`)
    }
    const started = performance.now()
    const r = parseYaml(`${rows.join('\n')}\n`, 'bomb.yaml')
    expect(performance.now() - started).toBeLessThan(500)
    expect(r.value).toBeUndefined()
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ line: 2, col: 8, code: 'yaml-alias-bomb' }),
    ])
  })

  it('caps nesting depth instead of overflowing the stack', () => {
    const r = parseYaml(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'deep.yaml')
    expect(r.diagnostics[0]).toMatchObject({
      code: 'yaml-syntax',
      message: expect.stringContaining('maxDepth'),
    })
  })
})
