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
      `${FILE}:5:24: error: unknown field \`ouput\` (fixtures have \`id\`, \`output\` and \`judge\`)`,
    ])
  })

  it('reads recorded judge verdicts: one for every rubric of a case, or one per rubric', () => {
    const text = [
      '{"id":"a","output":"x","judge":{"score":0.9,"reason":"Names the invoice."}}',
      '{"id":"b","output":"y","judge":[{"score":1},{"score":0.2,"reason":"Invents a date."}]}',
      '{"id":"c","output":"z"}',
    ].join('\n')
    const { verdicts, diagnostics } = loadFixtures(text, FILE)
    expect(diagnostics).toEqual([])
    expect(verdicts).toEqual(
      new Map([
        ['a', [{ score: 0.9, reason: 'Names the invoice.' }]],
        [
          'b',
          [
            { score: 1, reason: '' },
            { score: 0.2, reason: 'Invents a date.' },
          ],
        ],
      ]),
    )
  })

  it('rejects judge verdicts a judge could not have given, at the judge field', () => {
    const text = [
      '{"id":"a","output":"x","judge":{"score":7}}',
      '{"id":"b","output":"x","judge":{"score":0.5,"pass":true}}',
      '{"id":"c","output":"x","judge":[]}',
      '{"id":"d","output":"x","judge":"good"}',
    ].join('\n')
    const { outputs, diagnostics } = loadFixtures(text, FILE)
    expect(outputs.size).toBe(0)
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${FILE}:1:24: error: \`judge\`.score must be a number from 0 to 1`,
      `${FILE}:2:24: error: \`judge\` has unknown field \`pass\` (verdicts have \`score\` and \`reason\`)`,
      `${FILE}:3:24: error: \`judge\` is an empty list; give at least one {"score", "reason"}`,
      `${FILE}:4:24: error: \`judge\` must be an object like {"score": 0.9, "reason": "…"}`,
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
