import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadTokenCounter, tokenUpperBound } from './token-counting'
import { countTokens } from './tokens'

const golden = new URL('../../../prompts/draft_support_reply.golden.jsonl', import.meta.url)

describe('tokenUpperBound', () => {
  const texts = [
    '',
    'Summarize this ticket',
    '日本語のサポートチケットを要約してください。',
    'emoji 🚀🔥 and <|endoftext|> in user text',
    '    indented\n\n\tcode {{ x }}',
    ...readFileSync(golden, 'utf8').split('\n').filter(Boolean),
  ]

  it.each(['gpt-4o-mini', 'gpt-3.5-turbo', 'claude-3-5-haiku-latest'])(
    'is never below the exact count (%s)',
    (model) => {
      for (const text of texts) {
        expect(tokenUpperBound(text)).toBeGreaterThanOrEqual(countTokens(text, model))
      }
      const messages = [
        { role: 'system' as const, content: texts[2] ?? '' },
        { role: 'user' as const, content: texts[5] ?? '' },
      ]
      expect(tokenUpperBound(messages)).toBeGreaterThanOrEqual(countTokens(messages, model))
      expect(tokenUpperBound({ kind: 'chat', messages })).toBe(tokenUpperBound(messages))
    },
  )

  it('is the UTF-8 size of a text, so a short prompt clears a budget without a tokenizer', () => {
    expect(tokenUpperBound('Summarize this ticket')).toBe(21)
    expect(tokenUpperBound({ kind: 'text', text: 'é' })).toBe(2)
  })
})

describe('loadTokenCounter', () => {
  it.each(['gpt-4o-mini', 'gpt-3.5-turbo'])('counts as countTokens does (%s)', async (model) => {
    const count = await loadTokenCounter(model)
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: '日本語 🚀 <|endoftext|>' },
    ]
    expect(count('Summarize this ticket')).toBe(countTokens('Summarize this ticket', model))
    expect(count(messages)).toBe(countTokens(messages, model))
  })
})
