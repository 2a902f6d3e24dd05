import { describe, expect, it } from 'vitest'
import { runAssertion } from './run-assertion'
import { cosineSimilarity } from './similar'
import { fakeEmbeddings, makeCase } from './test-helpers'

describe('cosineSimilarity', () => {
  it('is 1 for parallel, 0 for orthogonal and for zero vectors', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 12)
    expect(cosineSimilarity([1, 0], [0, 3])).toBe(0)
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12)
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0)
    expect(() => cosineSimilarity([1], [1, 2])).toThrow('embedding sizes differ')
  })
})

describe('similar', () => {
  const embeddings = fakeEmbeddings({
    'Refund issued for the duplicate charge.': [1, 0, 0],
    'We refunded the double charge.': [0.9, 0.3, 0],
    'The webhook is down.': [0, 0, 1],
    'Your card was charged twice.': [0.6, 0.8, 0],
    'A refund, maybe.': [0.77, 0.6380438856, 0],
  })
  const testCase = makeCase({ expected: 'We refunded the double charge.' })

  it('passes at the default threshold 0.75 (promptfoo’s), not below', async () => {
    const near = makeCase({ expected: 'Refund issued for the duplicate charge.' })
    const at77 = await runAssertion(
      { type: 'similar' },
      { output: 'A refund, maybe.', case: near, embeddings },
    )
    expect(at77).toMatchObject({ pass: true, reason: 'cosine similarity 0.770 (threshold 0.75)' })
    const at60 = await runAssertion(
      { type: 'similar' },
      { output: 'Your card was charged twice.', case: near, embeddings },
    )
    expect(at60.pass).toBe(false)
  })

  it('passes when cosine similarity to the case expected reaches the threshold', async () => {
    const result = await runAssertion(
      { type: 'similar' },
      { output: 'Refund issued for the duplicate charge.', case: testCase, embeddings },
    )
    expect(result.pass).toBe(true)
    expect(result.score).toBeCloseTo(0.9 / Math.hypot(0.9, 0.3), 10)
    expect(embeddings.calls.at(-1)).toEqual([
      'Refund issued for the duplicate charge.',
      'We refunded the double charge.',
    ])
  })

  it('fails below the threshold; not-similar inverts', async () => {
    const ctx = { output: 'The webhook is down.', case: testCase, embeddings }
    expect(await runAssertion({ type: 'similar' }, ctx)).toMatchObject({ pass: false, score: 0 })
    expect((await runAssertion({ type: 'not-similar' }, ctx)).pass).toBe(true)
  })

  it('with a list of references, the closest one counts', async () => {
    const result = await runAssertion(
      {
        type: 'similar',
        value: ['The webhook is down.', 'Your card was charged twice.'],
        threshold: 0.5,
      },
      { output: 'Refund issued for the duplicate charge.', case: testCase, embeddings },
    )
    expect(result.pass).toBe(true)
    expect(result.score).toBeCloseTo(0.6, 10)
    expect(result.reason).toBe(
      'cosine similarity 0.600 to "Your card was charged twice." (threshold 0.5)',
    )
  })

  it('reports a missing provider, a provider without embed, and embed failures as errors', async () => {
    const base = { output: 'x', case: testCase }
    expect((await runAssertion({ type: 'similar' }, base)).error).toContain(
      'needs an embeddings provider',
    )
    const chatOnly = { id: 'anthropic', defaultModel: 'claude', embed: undefined }
    expect((await runAssertion({ type: 'similar' }, { ...base, embeddings: chatOnly })).error).toBe(
      'provider `anthropic` has no embeddings API',
    )
    const result = await runAssertion({ type: 'similar' }, { ...base, embeddings })
    expect(result).toMatchObject({ pass: false, error: 'no fake embedding for "x"' })
  })
})
