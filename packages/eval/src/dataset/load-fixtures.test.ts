import { readFileSync } from 'node:fs'
import { formatDiagnostic } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { loadFixtures } from './load-fixtures'

const FILE = 'prompts/demo.fixtures.jsonl'

describe('loadFixtures', () => {
  it('maps case ids to outputs, stringifying structured outputs', () => {
    const text =
      '{"id":"a","output":"billing"}\n{"id":"b","output":{"urgency":"low"}}\n{"id":7,"output":""}'
    const { outputs, diagnostics } = loadFixtures(text, FILE)
    expect(diagnostics).toEqual([])
    expect(outputs).toEqual(
      new Map([
        ['a', 'billing'],
        ['b', '{"urgency":"low"}'],
        ['7', ''],
      ]),
    )
  })

  it('reports bad lines at file:line:col and keeps the good ones', () => {
    const text = [
      '{"id":"a","output":"x"}',
      '{"output":"y"}',
      '{"id":"a","output":"z"}',
      '{"id":"c"}',
      '{"id":"d","output":"w","ouput":"v"}',
      '{"id":"e" "output":"v"}',
    ].join('\n')
    const { outputs, diagnostics } = loadFixtures(text, FILE)
    expect(outputs).toEqual(new Map([['a', 'x']]))
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${FILE}:6:11: error: invalid JSON: Expected ',' or '}' after property value`,
      `${FILE}:2:1: error: fixture has no \`id\` naming the dataset case`,
      `${FILE}:3:2: error: duplicate id \`a\` (first used on line 1)`,
      `${FILE}:4:1: error: fixture has no \`output\``,
      `${FILE}:5:24: error: unknown field \`ouput\` (fixtures have \`id\` and \`output\`)`,
    ])
  })

  it('loads the example fixtures', () => {
    const path = 'prompts/classify_ticket_intent.v1.fixtures.jsonl'
    const { outputs, diagnostics } = loadFixtures(
      readFileSync(new URL(`../../../../${path}`, import.meta.url), 'utf8'),
      path,
    )
    expect(diagnostics).toEqual([])
    expect(outputs.get('double-charge-march')).toBe('billing')
  })
})
