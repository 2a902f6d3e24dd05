import { readFileSync } from 'node:fs'
import { formatDiagnostic } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { keyColumns } from './json-lines'
import { loadDataset } from './load-dataset'

const FILE = 'prompts/demo.golden.jsonl'
const messages = (text: string) => loadDataset(text, FILE).diagnostics.map(formatDiagnostic)

describe('loadDataset', () => {
  it('loads cases with their expectations, tags and line numbers', () => {
    const text = [
      '{"id":"a","vars":{"q":"hi"},"expected":"hello","tags":["critical"]}',
      '',
      '{"id":"b","vars":{},"expected_json":{"urgency":"high"},"criteria":"Mentions the invoice."}',
      '{"id":3,"expected_substr":["refund","invoice"],"expected_refusal":false,"assert":[{"type":"icontains","value":"sorry"}]}',
    ].join('\n')
    const { cases, diagnostics } = loadDataset(text, FILE)
    expect(diagnostics).toEqual([])
    expect(cases).toEqual([
      { id: 'a', vars: { q: 'hi' }, expected: 'hello', tags: ['critical'], line: 1 },
      {
        id: 'b',
        vars: {},
        expected_json: { urgency: 'high' },
        criteria: 'Mentions the invoice.',
        tags: [],
        line: 3,
      },
      {
        id: '3',
        vars: {},
        expected_substr: ['refund', 'invoice'],
        expected_refusal: false,
        assert: [{ type: 'icontains', value: 'sorry' }],
        tags: [],
        line: 4,
      },
    ])
  })

  it('accepts CRLF line endings and a byte-order mark', () => {
    const { cases, diagnostics } = loadDataset('\uFEFF{"id":"a"}\r\n{"id":"b"}\r\n', FILE)
    expect(diagnostics).toEqual([])
    expect(cases.map((c) => c.id)).toEqual(['a', 'b'])
  })

  it('points at the column where a line stops being JSON', () => {
    expect(messages('{"id":"a"}\n{"id":"b",}\n{"id":"c"\n{"id":')).toEqual([
      `${FILE}:2:11: error: invalid JSON: Expected double-quoted property name`,
      `${FILE}:3:10: error: invalid JSON: Expected ',' or '}' after property value`,
      `${FILE}:4:7: error: invalid JSON: Unexpected end of line (each case must be on one line)`,
    ])
  })

  it('keeps loading after a bad line and returns the good cases', () => {
    const { cases, diagnostics } = loadDataset('{"id":"a"}\nnot json\n{"id":"b"}', FILE)
    expect(cases.map((c) => c.id)).toEqual(['a', 'b'])
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ line: 2, code: 'jsonl-syntax', severity: 'error' })
  })

  it('reports a missing id', () => {
    expect(messages('{"vars":{"q":1}}')).toEqual([
      `${FILE}:1:1: error: case has no \`id\`; every case needs a unique id`,
    ])
  })

  it('reports a duplicate id at the id of the second case, naming the first line', () => {
    const { cases, diagnostics } = loadDataset('{"id":"a"}\n{"vars":{}, "id":"a"}', FILE)
    expect(cases.map((c) => c.id)).toEqual(['a'])
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${FILE}:2:13: error: duplicate id \`a\` (first used on line 1)`,
    ])
    expect(diagnostics[0]?.code).toBe('duplicate-id')
  })

  it('rejects vars that are not an object', () => {
    expect(messages('{"id":"a","vars":["x"]}')).toEqual([
      `${FILE}:1:11: error: \`vars\` must be an object of template variables`,
    ])
  })

  it('rejects unknown fields with a suggestion', () => {
    expect(messages('{"id":"a","expcted":"x","vars":{"expcted":1}}')).toEqual([
      `${FILE}:1:11: error: unknown field \`expcted\` (did you mean \`expected\`?)`,
    ])
  })

  it('rejects expectation fields of the wrong type', () => {
    const text = '{"id":"a","expected":{"x":1},"tags":"critical","expected_refusal":"yes"}'
    expect(messages(text)).toEqual([
      `${FILE}:1:11: error: \`expected\` must be a string (use \`expected_json\` for JSON values)`,
      `${FILE}:1:48: error: \`expected_refusal\` must be true or false`,
      `${FILE}:1:30: error: \`tags\` must be a list of strings`,
    ])
  })

  it('checks per-case assertions', () => {
    const text =
      '{"id":"a","assert":[{"type":"contians","value":"x"},{"type":"regex","value":"("}]}'
    expect(messages(text)).toEqual([
      `${FILE}:1:11: error: assert[0].type: unknown assertion type \`contians\` (did you mean \`contains\`?)`,
      `${FILE}:1:11: error: assert[1].value: invalid regular expression: Invalid regular expression: /(/: Unterminated group`,
    ])
  })

  it('rejects lines that are not objects and empty files', () => {
    expect(messages('["a"]')[0]).toContain('each line must be a JSON object')
    expect(messages('\n\n')).toEqual([`${FILE}:1:1: error: dataset has no cases`])
  })

  it.each([
    'prompts/classify_ticket_intent.golden.jsonl',
    'prompts/summarize_support_ticket.golden.jsonl',
  ])('loads the example dataset %s without problems', (path) => {
    const text = readFileSync(new URL(`../../../../${path}`, import.meta.url), 'utf8')
    const { cases, diagnostics } = loadDataset(text, path)
    expect(diagnostics.map(formatDiagnostic)).toEqual([])
    expect(cases.length).toBeGreaterThan(10)
    expect(cases.some((c) => c.tags.includes('critical'))).toBe(true)
  })
})

describe('keyColumns', () => {
  it('finds top-level keys only, even when nested values repeat them', () => {
    expect(keyColumns('{"vars":{"id":"x"},"note":"\\"id\\":1", "id" : "a"}')).toEqual(
      new Map([
        ['vars', 2],
        ['note', 20],
        ['id', 39],
      ]),
    )
  })
})
