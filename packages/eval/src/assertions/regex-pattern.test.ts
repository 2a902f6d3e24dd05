import { type AssertionSpec, formatDiagnostic } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { loadDataset } from '../dataset/load-dataset'
import { runAssertion } from './run-assertion'
import { makeCase } from './test-helpers'
import { validateAssertionSpec } from './validate-assertion'

const run = (spec: AssertionSpec, output: string) =>
  runAssertion(spec, { output, case: makeCase() })
const EVIL = `${'a'.repeat(10_000)}b`

/** The fastest of three runs in ms (a loaded machine may stall any one of them). */
async function fastest(fn: () => Promise<unknown>): Promise<number> {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < 3; i++) {
    const start = performance.now()
    await fn()
    best = Math.min(best, performance.now() - start)
  }
  return best
}

describe('regex and schema assertions run in linear time', () => {
  it('answers a `regex` assertion with an exponential pattern in milliseconds', async () => {
    // A backtracking engine takes ~2^10000 steps here (2 s already at 28 characters).
    expect(await fastest(() => run({ type: 'regex', value: '^(a+)+$' }, EVIL))).toBeLessThan(200)
    const result = await run({ type: 'regex', value: '^(a+)+$' }, EVIL)
    expect(result).toMatchObject({ pass: false, reason: 'output does not match /^(a+)+$/' })
    const negated = await run({ type: 'not-regex', value: '^(a|aa)+$' }, EVIL)
    expect(negated.pass).toBe(true)
    expect((await run({ type: 'regex', value: 'ref(und)?', flags: 'gi' }, 'A REFUND')).reason).toBe(
      'output matches /ref(und)?/ at "REFUND"',
    )
  })

  it('answers an is-json schema with an exponential pattern in milliseconds', async () => {
    const schema = { type: 'object', properties: { id: { type: 'string', pattern: '^(a+)+$' } } }
    const output = JSON.stringify({ id: EVIL })
    expect(await fastest(() => run({ type: 'is-json', value: schema }, output))).toBeLessThan(200)
    const result = await run({ type: 'is-json', value: schema }, output)
    expect(result).toMatchObject({
      pass: false,
      reason: 'output does not match the schema: /id: must match pattern "^(a+)+$"',
    })
  })

  it('rejects patterns RE2 cannot express when the assertion is validated', async () => {
    expect(validateAssertionSpec({ type: 'regex', value: '^(?!.*password).*$' })).toEqual([
      {
        key: 'value',
        message:
          'the pattern uses a negative lookahead `(?!` (at character 2), which the linear-time regex engine (RE2) does not support',
      },
    ])
    expect(validateAssertionSpec({ type: 'regex', value: '(\\w+) \\1' })[0]?.message).toMatch(
      /backreference `\\1`/,
    )
    expect((await run({ type: 'regex', value: '(?<=\\$)\\d+' }, '$5')).error).toMatch(
      /^the pattern uses a lookbehind/,
    )
    expect(
      validateAssertionSpec({
        type: 'json-schema',
        value: { type: 'string', pattern: '(?=x)' },
      }),
    ).toEqual([])
    expect((await run({ type: 'is-json', value: { pattern: '(?=x)' } }, '"x"')).error).toMatch(
      /^the JSON Schema is not valid: pattern uses a lookahead/,
    )
  })

  it('names the dataset line of a pattern RE2 cannot express', () => {
    const text = '{"id":"a","vars":{},"assert":[{"type":"regex","value":"^(\\\\d)\\\\1$"}]}'
    expect(loadDataset(text, 'd.golden.jsonl').diagnostics.map(formatDiagnostic)).toEqual([
      'd.golden.jsonl:1:21: error: assert[0].value: the pattern uses a backreference `\\1` (at character 6), which the linear-time regex engine (RE2) does not support',
    ])
  })
})
