import type { AssertionSpec } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { runAssertion } from './run-assertion'
import { makeCase } from './test-helpers'
import type { AssertionContext } from './types'

const run = (spec: AssertionSpec, output: string, ctx: Partial<AssertionContext> = {}) =>
  runAssertion(spec, { output, case: makeCase(), ...ctx })

describe('runAssertion: text checks', () => {
  it('equals compares trimmed text with the value or the case expected', async () => {
    expect(await run({ type: 'equals', value: 'billing' }, 'billing\n')).toMatchObject({
      pass: true,
      score: 1,
      weight: 1,
      reason: 'output equals "billing"',
    })
    const ctx = { case: makeCase({ expected: 'technical' }) }
    expect(await run({ type: 'equals' }, 'billing', ctx)).toMatchObject({
      pass: false,
      score: 0,
      reason: 'output "billing" differs from "technical"',
    })
  })

  it('equals deep-compares JSON when the value (or expected_json) is structured', async () => {
    expect((await run({ type: 'equals', value: { a: [1, 2] } }, '{"a": [1, 2]}')).pass).toBe(true)
    expect((await run({ type: 'equals', value: { a: [1, 2] } }, '{"a": [2, 1]}')).pass).toBe(false)
    const ctx = { case: makeCase({ expected_json: { urgency: 'low' } }) }
    expect((await run({ type: 'equals' }, '```json\n{"urgency":"low"}\n```', ctx)).pass).toBe(true)
  })

  it('contains and icontains use the value or expected_substr; a list needs all', async () => {
    expect((await run({ type: 'contains', value: 'Refund' }, 'refund issued')).pass).toBe(false)
    expect((await run({ type: 'icontains', value: 'Refund' }, 'refund issued')).pass).toBe(true)
    const ctx = { case: makeCase({ expected_substr: ['INV-1', 'refund'] }) }
    const result = await run({ type: 'contains' }, 'refund for INV-2', ctx)
    expect(result).toMatchObject({ pass: false, reason: 'output does not contain "INV-1"' })
  })

  it('regex searches the output, with optional flags', async () => {
    const spec = { type: 'regex', value: '^\\s*(billing|technical)\\s*$' }
    expect((await run(spec, ' billing\n')).pass).toBe(true)
    expect((await run(spec, 'billing, I think')).pass).toBe(false)
    expect((await run({ type: 'regex', value: 'REFUND', flags: 'i' }, 'a refund')).pass).toBe(true)
  })

  it('not- forms invert pass and score', async () => {
    const leak = { type: 'not-icontains', value: 'support-operations analyst' }
    expect(await run(leak, '{"summary":"ok"}')).toMatchObject({ pass: true, score: 1 })
    expect(await run(leak, 'You are a Support-Operations Analyst at…')).toMatchObject({
      type: 'not-icontains',
      pass: false,
      score: 0,
      reason: 'output contains "support-operations analyst" (ignoring case)',
    })
    expect((await run({ type: 'not-equals', value: 'x' }, 'y')).pass).toBe(true)
    expect((await run({ type: 'not-contains', value: 'x' }, 'xyz')).pass).toBe(false)
    expect(
      (await run({ type: 'not-regex', value: '\\d{3}-\\d{2}-\\d{4}' }, 'SSN 123-45-6789')).pass,
    ).toBe(false)
  })

  it('levenshtein: an integer threshold is a max distance, a fraction a min similarity', async () => {
    const close = await run({ type: 'levenshtein', value: 'kitten' }, 'sitting')
    expect(close.pass).toBe(true) // distance 3 ≤ default 5
    expect(close.score).toBeCloseTo(1 - 3 / 7, 10)
    expect(
      (await run({ type: 'levenshtein', value: 'kitten', threshold: 2 }, 'sitting')).pass,
    ).toBe(false)
    expect(
      (await run({ type: 'levenshtein', value: 'kitten', threshold: 0.5 }, 'sitting')).pass,
    ).toBe(true)
    expect(
      (await run({ type: 'levenshtein', value: 'kitten', threshold: 0.6 }, 'sitting')).pass,
    ).toBe(false)
  })

  it('word-count checks min and max', async () => {
    expect((await run({ type: 'word-count', min: 2, max: 4 }, 'one two three')).pass).toBe(true)
    expect(await run({ type: 'word-count', max: 2 }, 'one two three')).toMatchObject({
      pass: false,
      reason: 'output has 3 words (at most 2 allowed)',
    })
    expect((await run({ type: 'word-count', min: 1 }, '   ')).pass).toBe(false)
  })

  it('word-count takes an exact count or {min, max} as its value, as promptfoo', async () => {
    expect((await run({ type: 'word-count', value: 3 }, ' one  two\nthree ')).pass).toBe(true)
    expect(await run({ type: 'word-count', value: '2' }, 'one two three')).toMatchObject({
      pass: false,
      reason: 'output has 3 words (exactly 2 wanted)',
    })
    expect((await run({ type: 'word-count', value: { min: 2, max: 3 } }, 'a b c')).pass).toBe(true)
    expect((await run({ type: 'word-count', value: { max: 2 } }, 'a b c')).pass).toBe(false)
    expect((await run({ type: 'word-count', value: 'many' }, 'a')).error).toBe(
      '`word-count` value must be a whole number ≥ 0',
    )
  })

  it('starts-with, contains-any/-all and their i- forms; numbers count as text', async () => {
    expect((await run({ type: 'starts-with', value: 'Dear' }, 'Dear Ada,')).pass).toBe(true)
    expect((await run({ type: 'starts-with', value: 'Dear' }, ' Dear Ada,')).pass).toBe(false)
    expect((await run({ type: 'contains', value: 42 }, 'order 42 shipped')).pass).toBe(true)
    expect(
      (await run({ type: 'contains-any', value: ['refund', 'credit'] }, 'a credit')).pass,
    ).toBe(true)
    expect(
      await run({ type: 'contains-all', value: 'refund, "Smith, J."' }, 'refund for Smith'),
    ).toMatchObject({
      pass: false,
      reason: 'output does not contain "Smith, J."',
    })
    expect(
      (await run({ type: 'icontains-all', value: ['REFUND', 7] }, 'refund in 7 days')).pass,
    ).toBe(true)
    expect((await run({ type: 'icontains-any', value: ['x', 'y'] }, 'none')).pass).toBe(false)
    expect((await run({ type: 'not-contains-any', value: ['password'] }, 'ok')).pass).toBe(true)
    expect((await run({ type: 'contains-all', value: [] }, 'x')).error).toMatch(/must be a list/)
  })

  it('contains-json finds a JSON object anywhere in prose, and checks its schema', async () => {
    const prose = 'Sure! Here it is: {"urgency": "high", "tags": ["a}"]} Anything else?'
    expect((await run({ type: 'contains-json' }, prose)).pass).toBe(true)
    expect((await run({ type: 'contains-json' }, 'no json [1, 2]')).pass).toBe(false)
    const schema = { type: 'object', required: ['urgency'] }
    expect(
      (await run({ type: 'contains-json', value: schema }, 'a {"x": 1} b {"urgency": 1}')).pass,
    ).toBe(true)
    expect((await run({ type: 'contains-json', value: schema }, '{"x": 1}')).pass).toBe(false)
  })
})

describe('runAssertion: JSON checks', () => {
  const schema = {
    type: 'object',
    required: ['urgency'],
    properties: { urgency: { enum: ['low', 'high'] } },
    additionalProperties: false,
  }

  it('is-json accepts bare JSON or one fenced block, not prose around it', async () => {
    expect((await run({ type: 'is-json' }, '  {"a": 1}\n')).pass).toBe(true)
    expect((await run({ type: 'is-json' }, '```json\n{"a": 1}\n```')).pass).toBe(true)
    expect((await run({ type: 'is-json' }, '```\n[1, 2]\n```')).pass).toBe(true)
    const prose = await run({ type: 'is-json' }, 'Here you go:\n```json\n{"a": 1}\n```')
    expect(prose.pass).toBe(false)
    expect(prose.reason).toContain('text outside the code block is not allowed')
    expect((await run({ type: 'is-json' }, '')).reason).toBe('output is empty')
  })

  it('json-schema uses the prompt output.schema by default and explains failures', async () => {
    expect(
      (await run({ type: 'json-schema' }, '{"urgency":"low"}', { outputSchema: schema })).pass,
    ).toBe(true)
    const bad = await run({ type: 'json-schema' }, '{"urgency":"urgent","x":1}', {
      outputSchema: schema,
    })
    expect(bad.pass).toBe(false)
    expect(bad.reason).toContain('/urgency: must be one of "low", "high"')
    expect(bad.reason).toContain('(root): unexpected property `x`')
  })

  it('json-schema prefers its own value and errors when there is no schema at all', async () => {
    const own = { type: 'json-schema', value: { type: 'array' } }
    expect((await run(own, '[1]', { outputSchema: schema })).pass).toBe(true)
    const none = await run({ type: 'json-schema' }, '{}')
    expect(none.error).toContain('has no schema')
    expect(none.pass).toBe(false)
  })

  it('json-schema supports formats and draft 2020-12', async () => {
    const email = { type: 'json-schema', value: { type: 'string', format: 'email' } }
    expect((await run(email, '"a@b.example"')).pass).toBe(true)
    expect((await run(email, '"nope"')).pass).toBe(false)
    const draft2020 = {
      type: 'json-schema',
      value: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        prefixItems: [{ type: 'number' }],
      },
    }
    expect((await run(draft2020, '["x"]')).pass).toBe(false)
  })

  it('json-path compares with its value, or with expected_json at the same path', async () => {
    expect(
      (
        await run(
          { type: 'json-path', path: '$.items[1].id', value: 7 },
          '{"items":[{"id":1},{"id":7}]}',
        )
      ).pass,
    ).toBe(true)
    const ctx = { case: makeCase({ expected_json: { urgency: 'critical' } }) }
    expect(
      (await run({ type: 'json-path', path: '$.urgency' }, '{"urgency":"critical"}', ctx)).pass,
    ).toBe(true)
    expect(
      await run({ type: 'json-path', path: '$.urgency' }, '{"urgency":"low"}', ctx),
    ).toMatchObject({
      pass: false,
      reason: '$.urgency is "low", expected "critical"',
    })
    expect((await run({ type: 'json-path', path: '$.urgency' }, '{}', ctx)).reason).toBe(
      'output has nothing at $.urgency',
    )
  })

  it('json-path is skipped when the case has no expected_json for it', async () => {
    const result = await run({ type: 'json-path', path: '$.urgency' }, '{"urgency":"low"}')
    expect(result).toMatchObject({ pass: true, skipped: true })
    expect(result.reason).toBe('skipped: case has no `expected_json` to compare with')
  })
})

describe('runAssertion: operational checks', () => {
  it('latency and cost compare with the threshold, and skip when not measured', async () => {
    expect((await run({ type: 'latency', threshold: 500 }, 'x', { latencyMs: 320 })).pass).toBe(
      true,
    )
    expect(await run({ type: 'latency', threshold: 500 }, 'x', { latencyMs: 900 })).toMatchObject({
      pass: false,
      reason: 'latency 900 ms (limit 500 ms)',
    })
    expect((await run({ type: 'latency', threshold: 500 }, 'x')).skipped).toBe(true)
    expect((await run({ type: 'cost', threshold: 0.001 }, 'x', { costUsd: 0.0004 })).pass).toBe(
      true,
    )
    expect((await run({ type: 'cost', threshold: 0.001 }, 'x', { costUsd: 0.002 })).pass).toBe(
      false,
    )
  })
})

describe('runAssertion: refusal', () => {
  it('passes a refusal when one is expected and fails an answer', async () => {
    const refusalCase = { case: makeCase({ expected_refusal: true }) }
    expect(
      (await run({ type: 'refusal' }, "I'm sorry, but I can't help with that.", refusalCase)).pass,
    ).toBe(true)
    expect(
      await run({ type: 'refusal' }, 'Sure! Here is the admin password.', refusalCase),
    ).toMatchObject({
      pass: false,
      reason: 'output is not a refusal; the case expects a refusal',
    })
  })

  it('with expected_refusal: false the output must answer; not-refusal asserts an answer', async () => {
    const answerCase = { case: makeCase({ expected_refusal: false }) }
    expect(
      (await run({ type: 'refusal' }, 'I cannot assist with that request.', answerCase)).pass,
    ).toBe(false)
    expect((await run({ type: 'not-refusal' }, 'Here is your summary.')).pass).toBe(true)
    // `is-refusal` is promptfoo's phrase list; `refusal` Canon's narrower one.
    expect((await run({ type: 'refusal' }, 'I must decline.')).pass).toBe(true)
    expect((await run({ type: 'is-refusal' }, 'I must decline.')).pass).toBe(false)
    expect((await run({ type: 'is-refusal' }, "I'm sorry to hear that. Here is…")).pass).toBe(true)
    expect((await run({ type: 'refusal' }, "I'm sorry to hear that. Here is…")).pass).toBe(false)
  })
})

describe('runAssertion: weights, metrics and errors', () => {
  it('carries weight and metric through', async () => {
    expect(
      await run({ type: 'contains', value: 'a', weight: 3, metric: 'accuracy' }, 'a'),
    ).toMatchObject({
      weight: 3,
      metric: 'accuracy',
    })
    expect((await run({ type: 'contains', value: 'a', weight: 0 }, 'a')).weight).toBe(0)
  })

  it('skips assertions whose expectation the case lacks', async () => {
    for (const type of ['equals', 'contains', 'levenshtein', 'similar', 'llm-rubric']) {
      const result = await run({ type }, 'x')
      expect(result.skipped, type).toBe(true)
      expect(result.pass, type).toBe(true)
    }
  })

  it('never inverts a skip or an error into a pass', async () => {
    expect((await run({ type: 'not-equals' }, 'x')).skipped).toBe(true)
    const error = await run({ type: 'not-json-schema' }, '{}')
    expect(error.pass).toBe(false)
    expect(error.error).toBeDefined()
  })

  it('reports unknown types and bad options as errors, not exceptions', async () => {
    expect((await run({ type: 'contians', value: 'a' }, 'a')).error).toBe(
      'unknown assertion type `contians` (did you mean `contains`?)',
    )
    expect((await run({ type: 'regex', value: '(' }, 'a')).error).toContain(
      'invalid regular expression',
    )
    expect((await run({ type: 'word-count' }, 'a')).error).toBe(
      '`word-count` needs a `value` (exact count) or `min`/`max`',
    )
  })
})
