import { describe, expect, it } from 'vitest'
import { canonicalJson, promptDigest, sha256Hex } from './digest'
import type { PromptDefinition } from './model'

const DEF: PromptDefinition = {
  name: 'greet',
  version: 1,
  tags: [],
  owners: [],
  inputs: { who: { type: 'string', required: true } },
  model: { name: 'gpt-4o-mini', temperature: 0 },
  template: 'Hi {{ who }}',
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: undefined, é: 'x' } })).toBe(
      '{"a":{"d":[true,null],"é":"x"},"b":1}',
    )
  })

  it('writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson([1, undefined])).toBe('[1,null]')
  })

  it('refuses values JSON cannot hold, naming where they are', () => {
    expect(() => canonicalJson({ a: { b: Number.NaN } })).toThrow('$.a.b is NaN')
    expect(() => canonicalJson({ a: [1n] })).toThrow('$.a[0] is a bigint')
  })
})

describe('promptDigest', () => {
  it('is sha256 of the canonical JSON without evaluation', () => {
    const { evaluation: _e, ...rest } = {
      ...DEF,
      evaluation: {
        dataset: 'x.jsonl',
        assertions: [],
        gate: { min_pass_rate: 0.9, margin: 0.05, alpha: 0.05 },
      },
    }
    expect(promptDigest(DEF)).toBe(sha256Hex(canonicalJson(rest)))
    expect(
      promptDigest({
        ...DEF,
        evaluation: {
          dataset: 'y.jsonl',
          assertions: [],
          gate: { min_pass_rate: 1, margin: 0, alpha: 0.01 },
        },
      }),
    ).toBe(promptDigest(DEF))
  })

  it('does not depend on key order', () => {
    const reordered = JSON.parse(
      JSON.stringify({ template: DEF.template, ...DEF }),
    ) as PromptDefinition
    expect(promptDigest(reordered)).toBe(promptDigest(DEF))
  })

  it('matches a known sha256', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
  })
})
