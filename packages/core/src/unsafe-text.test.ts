import { describe, expect, it } from 'vitest'
import { describeTextPath, findUnsafeText, unsafeChar, unsafeTextIn } from './unsafe-text'

describe('unsafeChar', () => {
  it.each([
    ['a\u0000b', 1, /NUL character \(U\+0000\) at offset 1/],
    ['ab\uD800', 2, /lone surrogate \(U\+D800\) at offset 2/],
    ['\uDC00x', 0, /lone surrogate \(U\+DC00\)/],
    ['ok\uDC00\uD800', 2, /lone surrogate \(U\+DC00\)/],
  ])('%j is unsafe at %i', (text, offset, reason) => {
    expect(unsafeChar(text)).toEqual({ offset, reason: expect.stringMatching(reason) })
  })

  it.each(['', 'plain', 'emoji 😀 pairs are fine', 'ÿ \uFFFD \u0001 tab\t'])(
    '%j is safe',
    (text) => {
      expect(unsafeChar(text)).toBeUndefined()
    },
  )
})

describe('unsafeTextIn', () => {
  it('finds keys and values at their paths, in document order', () => {
    const value = { a: ['ok', 'x\u0000'], 'k\uD800': 1, b: { c: 'fine', d: '\uDFFF' } }
    expect(unsafeTextIn(value).map((u) => [u.path, u.at])).toEqual([
      [['a', 1], 'value'],
      [['k\uD800'], 'key'],
      [['b', 'd'], 'value'],
    ])
    expect(findUnsafeText(value)?.path).toEqual(['a', 1])
    expect(findUnsafeText({ a: [1, true, null, { b: 'clean' }] })).toBeUndefined()
  })

  it('walks nesting far deeper than the call stack allows', () => {
    let deep: unknown = 'bottom\u0000'
    for (let i = 0; i < 50_000; i += 1) deep = [deep]
    expect(findUnsafeText(deep)?.path).toHaveLength(50_000)
  })

  it('names paths readably, escaping keys that need it', () => {
    expect(describeTextPath('body', ['scores', 0, 'comment'])).toBe('body.scores.0.comment')
    expect(describeTextPath('body', ['inputs', 'a\u0000'])).toBe('body.inputs["a\\u0000"]')
    expect(describeTextPath('', ['template'])).toBe('template')
  })
})
