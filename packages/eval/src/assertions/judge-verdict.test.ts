import { describe, expect, it } from 'vitest'
import { parseJudgeVerdict, stripReasoning } from './judge-verdict'

describe('parseJudgeVerdict', () => {
  it.each([
    ['{"score": 1, "reason": "ok"}', 1],
    ['```json\n{"score": 0.5, "reason": "half"}\n```', 0.5],
    ['```\n{"score": 0, "reason": "none"}\n```', 0],
    ['Verdict: {"reason": "has {braces} and \\"quotes\\"", "score": 0.25}. Done.', 0.25],
    ['<think>{"score": 0.1}</think>{"score": 0.9, "reason": "final"}', 0.9],
    ['<thinking>\nlong\n</thinking>\n{"score": 0.3}', 0.3],
  ])('reads %j', (answer, score) => {
    const verdict = parseJudgeVerdict(answer)
    expect(verdict.ok && verdict.score).toBe(score)
  })

  it('returns the reason, or an empty one', () => {
    expect(parseJudgeVerdict('{"score": 1, "reason": " Good. "}')).toEqual({
      ok: true,
      score: 1,
      reason: 'Good.',
    })
    expect(parseJudgeVerdict('{"score": 1}')).toEqual({ ok: true, score: 1, reason: '' })
  })

  it.each([
    ['', 'no JSON object'],
    ['PASS', 'no JSON object'],
    ['{"pass": true, "reason": "fine"}', 'no JSON object'],
    ['{"score": "0.8"}', 'is not a number'],
    ['{"score": -0.1}', 'outside 0..1'],
    ['{"score": 85}', 'outside 0..1'],
    ['<think>it is {"score": 1', 'no JSON object'],
  ])('rejects %j', (answer, message) => {
    const verdict = parseJudgeVerdict(answer)
    expect(verdict.ok).toBe(false)
    expect(!verdict.ok && verdict.error).toContain(message)
  })
})

describe('stripReasoning', () => {
  it('removes closed and unclosed reasoning blocks', () => {
    expect(stripReasoning('a<think>x</think>b<THINK>y')).toBe('ab')
  })
})
