import { describe, expect, it } from 'vitest'
import { checkBudget, countTokens, encodingForModel } from './tokens'

describe('encodingForModel', () => {
  it.each([
    ['gpt-4o', 'o200k_base'],
    ['gpt-4o-mini-2024-07-18', 'o200k_base'],
    ['openai/gpt-4.1-mini', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['gpt-5', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['claude-sonnet-4', 'cl100k_base'],
    [undefined, 'cl100k_base'],
  ])('%s → %s', (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding)
  })
})

describe('countTokens', () => {
  it('counts with the model family tokenizer', () => {
    expect(countTokens('hello world', 'gpt-4o')).toBe(2)
    expect(countTokens('hello world')).toBe(2)
    // The encodings split some text differently.
    const text = 'Résumé: 東京で会いましょう'
    expect(countTokens(text, 'gpt-4o')).not.toBe(countTokens(text, 'gpt-4'))
  })

  it('counts special-token text in user input as plain text instead of throwing', () => {
    expect(countTokens('hi <|endoftext|> there', 'gpt-4o')).toBeGreaterThan(3)
  })

  it('adds chat framing per message', () => {
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'hello world' },
    ]
    const content = countTokens('Be brief.', 'gpt-4o') + countTokens('hello world', 'gpt-4o')
    const roles = countTokens('system', 'gpt-4o') + countTokens('user', 'gpt-4o')
    expect(countTokens(messages, 'gpt-4o')).toBe(content + roles + 2 * 3 + 3)
  })
})

describe('checkBudget', () => {
  it('passes without a limit and fails past max_input_tokens', () => {
    expect(checkBudget('hello world', undefined)).toEqual({ tokens: 2, ok: true })
    expect(
      checkBudget({ kind: 'text', text: 'hello world' }, { max_input_tokens: 2 }, 'gpt-4o'),
    ).toEqual({
      tokens: 2,
      limit: 2,
      ok: true,
    })
    expect(checkBudget({ kind: 'text', text: 'hello big world' }, { max_input_tokens: 2 }).ok).toBe(
      false,
    )
  })
})
