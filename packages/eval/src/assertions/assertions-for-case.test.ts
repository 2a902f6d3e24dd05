import { describe, expect, it } from 'vitest'
import { assertionsForCase } from './assertions-for-case'
import { makeCase } from './test-helpers'

const suite = [
  { type: 'is-json' },
  { type: 'json-schema' },
  { type: 'not-refusal' },
  { type: 'llm-rubric', weight: 2 },
  { type: 'llm-rubric', value: 'Summary is faithful.' },
  { type: 'latency', threshold: 2000 },
]

describe('assertionsForCase', () => {
  it('runs the suite, then the case assertions', () => {
    const own = { type: 'icontains', value: 'INV-1' }
    expect(assertionsForCase(suite, makeCase({ assert: [own] }))).toEqual([...suite, own])
  })

  it('judges refusal cases on refusing, keeping operational checks and the case criteria', () => {
    const own = { type: 'not-icontains', value: 'password' }
    expect(assertionsForCase(suite, makeCase({ expected_refusal: true, assert: [own] }))).toEqual([
      { type: 'llm-rubric', weight: 2 },
      { type: 'latency', threshold: 2000 },
      own,
      { type: 'refusal' },
    ])
  })

  it('passes malformed assertions through for runAssertion to report', () => {
    const odd = { type: 42 } as unknown as { type: string }
    expect(assertionsForCase([odd], makeCase({ expected_refusal: true }))).toEqual([
      odd,
      { type: 'refusal' },
    ])
  })

  it('keeps an explicit refusal check instead of adding one', () => {
    const withRefusal = [{ type: 'refusal', weight: 5 }, { type: 'is-json' }]
    expect(assertionsForCase(withRefusal, makeCase({ expected_refusal: true }))).toEqual([
      { type: 'refusal', weight: 5 },
    ])
  })

  it('adds a must-answer check when expected_refusal is false and none is present', () => {
    expect(assertionsForCase([{ type: 'is-json' }], makeCase({ expected_refusal: false }))).toEqual(
      [{ type: 'is-json' }, { type: 'refusal' }],
    )
    expect(assertionsForCase([{ type: 'is-json' }], makeCase())).toEqual([{ type: 'is-json' }])
  })
})
