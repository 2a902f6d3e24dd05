import { describe, expect, it } from 'vitest'
import { estimateCost, findModelPrice, normalizeModelId } from './estimate-cost'
import { PRICE_TABLE, PRICE_TABLE_DATE } from './price-table'

describe('findModelPrice', () => {
  it('matches dated snapshots to their family by the longest prefix', () => {
    expect(findModelPrice('gpt-4o-mini-2024-07-18')?.key).toBe('gpt-4o-mini')
    expect(findModelPrice('gpt-4o-2024-08-06')?.key).toBe('gpt-4o')
    expect(findModelPrice('gpt-4.1-mini-2025-04-14')?.key).toBe('gpt-4.1-mini')
    expect(findModelPrice('o3-mini-2025-01-31')?.key).toBe('o3-mini')
    expect(findModelPrice('claude-3-5-sonnet-20241022')?.key).toBe('claude-3-5-sonnet')
    expect(findModelPrice('claude-3-5-haiku-latest')?.key).toBe('claude-3-5-haiku')
    expect(findModelPrice('claude-sonnet-4-20250514')?.key).toBe('claude-sonnet-4')
    expect(findModelPrice('claude-opus-4-1-20250805')?.key).toBe('claude-opus-4')
    expect(findModelPrice('claude-opus-4-5-20251101')?.key).toBe('claude-opus-4-5')
  })

  it('prices a snapshot that differs from its family by its own entry', () => {
    expect(findModelPrice('gpt-4o-2024-05-13')?.price.input).toBe(5)
  })

  it('strips routing prefixes and accepts dotted Claude versions', () => {
    expect(normalizeModelId('openai/GPT-4o-mini')).toBe('gpt-4o-mini')
    expect(findModelPrice('anthropic/claude-3.5-sonnet')?.key).toBe('claude-3-5-sonnet')
    expect(findModelPrice('us.anthropic.claude-3-5-haiku-20241022-v1:0')?.key).toBe(
      'claude-3-5-haiku',
    )
  })

  it('does not match across a non-boundary (gpt-4 is not a prefix of gpt-4.5-preview)', () => {
    expect(findModelPrice('gpt-4.5-preview')).toBeUndefined()
    expect(findModelPrice('gpt-4omni')).toBeUndefined()
  })

  it('knows the common models and is dated', () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o3-mini']) {
      expect(PRICE_TABLE[model]).toBeDefined()
    }
    expect(PRICE_TABLE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})

describe('estimateCost', () => {
  it('charges input and output per 1M tokens', () => {
    expect(estimateCost('gpt-4o-mini', 1_000_000, 1_000_000)).toBeCloseTo(0.75, 10)
    expect(estimateCost('gpt-4o-mini-2024-07-18', 1000, 500)).toBeCloseTo(0.00045, 12)
  })

  it('is undefined, not 0, for an unknown model', () => {
    expect(estimateCost('llama3.1:8b', 1000, 1000)).toBeUndefined()
  })

  it('bills cached input at the cached rate (OpenAI: part of prompt_tokens)', () => {
    // 1M prompt tokens, 400k of them cached: 600k × 2.5 + 400k × 1.25, per 1M.
    expect(estimateCost('gpt-4o', 1_000_000, 0, { cacheReadTokens: 400_000 })).toBeCloseTo(2, 10)
  })

  it('bills Anthropic cache writes at 1.25× and reads at 0.1×', () => {
    // 100 uncached + 1000 written + 2000 read, on Sonnet ($3 / $3.75 / $0.30) + 10 out ($15).
    const usd = estimateCost('claude-sonnet-4-20250514', 3100, 10, {
      cacheWriteTokens: 1000,
      cacheReadTokens: 2000,
    })
    expect(usd).toBeCloseTo((100 * 3 + 1000 * 3.75 + 2000 * 0.3 + 10 * 15) / 1e6, 12)
  })

  it('clamps cache counts to the input so a bad usage block cannot make cost negative', () => {
    expect(estimateCost('gpt-4o', 100, 0, { cacheReadTokens: 1_000 })).toBeCloseTo(
      (100 * 1.25) / 1e6,
      12,
    )
  })

  it('uses an explicit price over the table (self-hosted models)', () => {
    expect(estimateCost('llama3.1:8b', 1000, 1000, { price: { input: 0, output: 0 } })).toBe(0)
  })
})
