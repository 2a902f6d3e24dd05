import type { CanonError } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { createProvider } from './create-provider'
import { requireEmbeddings } from './require-embeddings'

function failure(fn: () => unknown): CanonError {
  try {
    fn()
  } catch (err) {
    return err as CanonError
  }
  throw new Error('expected createProvider to throw')
}

describe('createProvider', () => {
  it('builds openai with the key from OPENAI_API_KEY and the default endpoint', () => {
    const p = createProvider(
      { provider: 'openai', model: 'gpt-4o-mini' },
      { env: { OPENAI_API_KEY: 'sk-x' } },
    )
    expect(p).toMatchObject({
      id: 'openai',
      endpoint: 'https://api.openai.com/v1',
      defaultModel: 'gpt-4o-mini',
    })
  })

  it('says which env var is missing for a hosted provider', () => {
    const openai = failure(() => createProvider({ provider: 'openai' }, { env: {} }))
    expect(openai.code).toBe('CONFIG_INVALID')
    expect(openai.message).toContain('set OPENAI_API_KEY')
    const anthropic = failure(() => createProvider({ provider: 'anthropic' }, { env: {} }))
    expect(anthropic.message).toContain('set ANTHROPIC_API_KEY')
    const custom = failure(() =>
      createProvider(
        { provider: 'openai', baseUrl: 'https://llm.internal/v1', apiKeyEnv: 'LLM_KEY' },
        { env: {} },
      ),
    )
    expect(custom.message).toContain('set LLM_KEY')
  })

  it('needs no key for a custom OpenAI-compatible server or a local preset', () => {
    const vllm = createProvider(
      { provider: 'openai', baseUrl: 'http://127.0.0.1:8000/v1/' },
      { env: {} },
    )
    expect(vllm.endpoint).toBe('http://127.0.0.1:8000/v1')
    expect(createProvider({ provider: 'ollama' }, { env: {} }).endpoint).toBe(
      'http://127.0.0.1:11434/v1',
    )
  })

  it('honours OPENAI_BASE_URL and ANTHROPIC_BASE_URL', () => {
    const p = createProvider(
      { provider: 'openai' },
      { env: { OPENAI_BASE_URL: 'http://proxy:4000/v1' } },
    )
    expect(p.endpoint).toBe('http://proxy:4000/v1')
  })

  it('rejects an unknown provider, listing the known ones', () => {
    const err = failure(() => createProvider({ provider: 'gemini' }))
    expect(err.code).toBe('CONFIG_INVALID')
    expect(err.message).toMatch(/^unknown provider "gemini"; known: openai, anthropic, mock/)
    expect(failure(() => createProvider({ provider: 'constructor' })).code).toBe('CONFIG_INVALID')
  })

  it('rejects misspelt and mistyped options instead of ignoring them', () => {
    const typo = failure(() => createProvider({ provider: 'mock', base_url: 'x' } as never))
    expect(typo.message).toContain('unknown option base_url')
    const type = failure(() => createProvider({ provider: 'mock', timeoutMs: '5s' } as never))
    expect(type.message).toBe('provider mock: timeoutMs must be a non-negative number')
    expect(
      failure(() => createProvider({ provider: 'openai', baseUrl: 'not a url' })).message,
    ).toContain('is not a URL')
  })

  it('builds a mock from outputs', async () => {
    const mock = createProvider({ provider: 'mock', outputs: { a: 'billing' } })
    expect((await mock.complete({ model: 'm', messages: [] }, { caseId: 'a' })).text).toBe(
      'billing',
    )
  })
})

describe('requireEmbeddings', () => {
  it('passes providers with embed and explains the ones without', () => {
    const mock = createProvider({ provider: 'mock' })
    expect(requireEmbeddings(mock)).toBe(mock)
    const claude = createProvider({ provider: 'anthropic' }, { env: { ANTHROPIC_API_KEY: 'k' } })
    expect(() => requireEmbeddings(claude)).toThrow(
      'provider anthropic has no embeddings API; set evaluation.embeddings to an OpenAI-compatible provider (or mock)',
    )
  })
})
