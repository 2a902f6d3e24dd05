import { describe, expect, it } from 'vitest'
import { validateAssertionSpec } from './validate-assertion'

const messages = (spec: unknown) =>
  validateAssertionSpec(spec).map((p) => (p.key ? `${p.key}: ${p.message}` : p.message))

describe('validateAssertionSpec', () => {
  it('accepts the assertions of the example prompts', () => {
    for (const spec of [
      { type: 'equals', metric: 'accuracy', weight: 3 },
      { type: 'regex', value: '^\\s*(billing|other)\\s*$', metric: 'format' },
      { type: 'is-json', metric: 'valid_json' },
      { type: 'json-schema', metric: 'schema' },
      { type: 'json-path', path: '$.urgency', metric: 'urgency_accuracy', weight: 2 },
      { type: 'not-icontains', value: 'support-operations analyst', metric: 'prompt_leak' },
      { type: 'llm-rubric', threshold: 0.7, metric: 'faithfulness', weight: 2 },
      { type: 'word-count', min: 1, max: 60 },
      { type: 'latency', threshold: 1500 },
      { type: 'levenshtein', value: 'x', threshold: 0.8 },
      { type: 'similar', value: ['a', 'b'], provider: { provider: 'openai' } },
    ]) {
      expect(messages(spec), spec.type).toEqual([])
    }
  })

  it('names unknown types and options with suggestions', () => {
    expect(messages({ type: 'icontain', value: 'x' })).toEqual([
      'type: unknown assertion type `icontain` (did you mean `icontains`?)',
    ])
    expect(messages({ type: 'not-latency', threshold: 5 })[0]).toContain(
      'unknown assertion type `not-latency`',
    )
    expect(messages({ type: 'similar', treshold: 0.9 })).toEqual([
      'treshold: `similar` has no option `treshold` (did you mean `threshold`?)',
    ])
    expect(messages('contains')).toEqual(['an assertion must be an object with a `type`'])
  })

  it('checks values, thresholds and type-specific options', () => {
    expect(messages({ type: 'regex' })).toEqual(['value: `regex` needs a `value`: the pattern'])
    expect(messages({ type: 'latency' })).toEqual([
      'threshold: `latency` needs a `threshold` (milliseconds)',
    ])
    expect(messages({ type: 'similar', threshold: 80 })).toEqual([
      'threshold: `threshold` must be between 0 and 1',
    ])
    expect(messages({ type: 'levenshtein', threshold: 2.5 })[0]).toContain(
      'whole number (maximum edit distance)',
    )
    expect(messages({ type: 'json-path' })).toEqual([
      'path: `json-path` needs a `path`, e.g. `$.urgency`',
    ])
    expect(messages({ type: 'json-path', path: '$..x' })[0]).toContain('not supported')
    expect(messages({ type: 'word-count', min: 5, max: 2 })).toEqual([
      'min: `min` (5) is larger than `max` (2)',
    ])
    // Numbers are text to look for, as in promptfoo (`contains: 42`).
    expect(messages({ type: 'contains', value: 3, weight: -1 })).toEqual([
      'weight: `weight` must be a number ≥ 0',
    ])
    expect(messages({ type: 'contains', value: { a: 1 } })).toEqual([
      'value: `contains` value must be a string, a number or a list of them',
    ])
    expect(messages({ type: 'contains-any', value: [] })[0]).toMatch(/must be a list of strings/)
    expect(messages({ type: 'contains-all', value: '"open' })[0]).toMatch(/unterminated/)
    expect(messages({ type: 'starts-with' })).toEqual([
      'value: `starts-with` needs a `value`: the text the output must begin with',
    ])
    expect(messages({ type: 'word-count', value: 12 })).toEqual([])
    expect(messages({ type: 'word-count', value: { min: 2, max: 9 } })).toEqual([])
    expect(messages({ type: 'refusal', value: 'yes' })[0]).toContain(
      'must be true (must refuse) or false',
    )
  })
})
