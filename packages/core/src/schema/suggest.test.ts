import { describe, expect, it } from 'vitest'
import { editDistance, suggest } from './suggest'

const KEYS = ['name', 'version', 'template', 'messages', 'inputs', 'input_variables', 'evaluation']

describe('suggest', () => {
  it.each([
    ['templte', 'template'],
    ['tempalte', 'template'],
    ['Template', 'template'],
    ['mesages', 'messages'],
    ['verison', 'version'],
    ['input', 'inputs'],
    ['evalution', 'evaluation'],
  ])('%s → %s', (typo, want) => {
    expect(suggest(typo, KEYS)).toBe(want)
  })

  it('suggests nothing for unrelated words', () => {
    expect(suggest('color', KEYS)).toBeUndefined()
    expect(suggest('x', KEYS)).toBeUndefined()
  })

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('tempalte', 'template')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })
})
