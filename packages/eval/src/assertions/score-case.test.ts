import { describe, expect, it } from 'vitest'
import { aggregateNamedScores, scoreCase } from './score-case'
import type { AssertionResult } from './types'

const result = (fields: Partial<AssertionResult>): AssertionResult => ({
  type: 'contains',
  pass: true,
  score: 1,
  reason: '',
  weight: 1,
  ...fields,
})

describe('scoreCase', () => {
  it('passes only when every assertion passes; weights shape score and weighted pass', () => {
    const score = scoreCase([
      result({ type: 'equals', weight: 3, metric: 'accuracy' }),
      result({ type: 'regex', pass: false, score: 0, metric: 'format' }),
    ])
    expect(score).toEqual({
      pass: false,
      score: 0.75,
      weightedPass: 0.75,
      namedScores: { accuracy: 1, format: 0 },
      checked: 2,
      errors: [],
    })
  })

  it('uses graded scores for the score and pass/fail for the weighted pass', () => {
    const score = scoreCase([
      result({ type: 'llm-rubric', score: 0.6, pass: false }),
      result({ type: 'similar', score: 0.9 }),
    ])
    expect(score.score).toBeCloseTo(0.75, 10)
    expect(score.weightedPass).toBe(0.5)
  })

  it('records weight-0 assertions without letting them fail the case', () => {
    const score = scoreCase([
      result({}),
      result({ type: 'cost', pass: false, score: 0, weight: 0, metric: 'cost' }),
    ])
    expect(score).toMatchObject({
      pass: true,
      score: 1,
      weightedPass: 1,
      checked: 1,
      namedScores: { cost: 0 },
    })
  })

  it('ignores skipped assertions and fails on errors', () => {
    const skippedOnly = scoreCase([result({ skipped: true, metric: 'm' })])
    expect(skippedOnly).toMatchObject({ pass: true, score: 1, checked: 0, namedScores: {} })
    const errored = scoreCase([
      result({}),
      result({
        type: 'llm-rubric',
        pass: false,
        score: 0,
        error: 'judge answer has no JSON object',
      }),
    ])
    expect(errored.pass).toBe(false)
    expect(errored.errors).toEqual(['llm-rubric: judge answer has no JSON object'])
  })

  it('averages a metric shared by several assertions by weight', () => {
    const score = scoreCase([
      result({ metric: 'quality', score: 1, weight: 1 }),
      result({ metric: 'quality', score: 0.5, weight: 3, pass: false }),
    ])
    expect(score.namedScores.quality).toBeCloseTo(0.625, 10)
  })
})

describe('aggregateNamedScores', () => {
  it('averages each metric over the cases that have it', () => {
    expect(aggregateNamedScores([{ accuracy: 1 }, { accuracy: 0, format: 1 }])).toEqual({
      accuracy: { mean: 0.5, count: 2 },
      format: { mean: 1, count: 1 },
    })
  })
})
