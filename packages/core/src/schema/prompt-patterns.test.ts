import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../diagnostics'
import { parsePromptSource } from '../load/parse-prompt'
import { compilePrompt } from '../template'

function errorsOf(text: string): string[] {
  return parsePromptSource(text, 'p.yaml')
    .diagnostics.filter((d) => d.severity === 'error')
    .map(formatDiagnostic)
}

describe('patterns in prompt files run in linear time', () => {
  it('rejects an input pattern RE2 cannot express at its file:line:col', () => {
    const text = [
      'name: a',
      'version: 1',
      'template: "{{ code }}"',
      'inputs:',
      '  code:',
      '    type: string',
      '    pattern: "^(?!00)\\\\d{3}$"',
    ].join('\n')
    expect(errorsOf(text)).toEqual([
      'p.yaml:7:14: error: inputs.code.pattern: pattern uses a negative lookahead `(?!` (at character 2), which the linear-time regex engine (RE2) does not support',
    ])
  })

  it('rejects a pattern inside output.schema at its file:line:col', () => {
    const text = [
      'name: a',
      'version: 1',
      'template: Hi',
      'output:',
      '  schema:',
      '    type: object',
      '    properties:',
      '      word: { type: string, pattern: "^(\\\\w+)\\\\s\\\\1$" }',
    ].join('\n')
    expect(errorsOf(text)).toEqual([
      'p.yaml:8:38: error: output.schema is not a valid JSON Schema: pattern uses a backreference `\\1` (at character 9), which the linear-time regex engine (RE2) does not support',
    ])
  })

  it('checks an input against an exponential pattern in milliseconds', () => {
    const { prompt } = parsePromptSource(
      'name: a\nversion: 1\ntemplate: "{{ id }}"\ninputs:\n  id: { type: string, pattern: "^(a+)+$" }\n',
      'p.yaml',
    )
    const compiled = compilePrompt(prompt as NonNullable<typeof prompt>)
    expect(compiled.render({ id: 'aaaa' })).toEqual({ kind: 'text', text: 'aaaa' })
    const evil = { id: `${'a'.repeat(10_000)}b` }
    expect(() => compiled.render(evil)).toThrow('input `id` does not match pattern /^(a+)+$/')
    let fastest = Number.POSITIVE_INFINITY
    for (let i = 0; i < 3; i++) {
      const start = performance.now()
      expect(() => compiled.render(evil)).toThrow()
      fastest = Math.min(fastest, performance.now() - start)
    }
    expect(fastest).toBeLessThan(200)
  })
})

describe('regex assertions in a prompt file', () => {
  it('rejects a pattern RE2 cannot express at its file:line:col', () => {
    const text = [
      'name: a',
      'version: 1',
      'template: Hi',
      'evaluation:',
      '  dataset: a.golden.jsonl',
      '  assertions:',
      '    - type: not-regex',
      '      value: "(?<=password: )\\\\S+"',
    ].join('\n')
    expect(errorsOf(text)).toEqual([
      'p.yaml:8:14: error: evaluation.assertions[0].value: pattern uses a lookbehind `(?<=` (at character 1), which the linear-time regex engine (RE2) does not support',
    ])
  })
})
