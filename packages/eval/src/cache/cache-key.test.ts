import { describe, expect, it } from 'vitest'
import type { CompletionRequest, Provider } from '../providers/types'
import { completionCacheKey, embeddingCacheKey } from './cache-key'
import { canonicalJson } from './canonical-json'

const openai = { id: 'openai', endpoint: 'https://api.openai.com/v1', defaultModel: undefined }
const req: CompletionRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You route tickets.' },
    { role: 'user', content: 'I was charged twice' },
  ],
  params: { temperature: 0, max_tokens: 5, stop: ['\n'] },
}
const base = completionCacheKey(openai, req, 0)

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined and null members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: null }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"z":1}]},"b":1}',
    )
  })
})

describe('completionCacheKey', () => {
  it('is a sha256 hex digest, stable under key order and absent-vs-null params', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/)
    const reordered: CompletionRequest = {
      params: {
        stop: ['\n'],
        max_tokens: 5,
        temperature: 0,
        top_p: undefined,
        seed: null as never,
      },
      messages: req.messages.map((m) => ({ content: m.content, role: m.role })),
      model: 'gpt-4o-mini',
    }
    expect(completionCacheKey(openai, reordered, 0)).toBe(base)
  })

  it('changes when any of provider, endpoint, model, params, messages or trial changes', () => {
    const variants: [
      Pick<Provider, 'id' | 'endpoint' | 'defaultModel'>,
      CompletionRequest,
      number,
    ][] = [
      [{ ...openai, id: 'anthropic' }, req, 0],
      [{ ...openai, endpoint: 'http://127.0.0.1:8000/v1' }, req, 0],
      [openai, { ...req, model: 'gpt-4o' }, 0],
      [openai, { ...req, params: { ...req.params, temperature: 0.2 } }, 0],
      [openai, { ...req, params: { ...req.params, stop: ['\n\n'] } }, 0],
      [openai, { ...req, params: { ...req.params, response_format: { type: 'json_object' } } }, 0],
      [
        openai,
        {
          ...req,
          messages: [
            ...req.messages.slice(0, 1),
            { role: 'user', content: 'I was charged twice!' },
          ],
        },
        0,
      ],
      [
        openai,
        {
          ...req,
          messages: [{ role: 'user', content: 'You route tickets.' }, ...req.messages.slice(1)],
        },
        0,
      ],
      [openai, req, 1],
    ]
    const keys = variants.map(([p, r, t]) => completionCacheKey(p, r, t))
    for (const key of keys) expect(key).not.toBe(base)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('uses the provider default model when the request names none', () => {
    expect(
      completionCacheKey({ ...openai, defaultModel: 'gpt-4o-mini' }, { ...req, model: '' }),
    ).toBe(base)
  })

  it('separates embeddings by text and model', () => {
    const a = embeddingCacheKey(openai, 'text-embedding-3-small', 'refund')
    expect(embeddingCacheKey(openai, 'text-embedding-3-small', 'refund')).toBe(a)
    expect(embeddingCacheKey(openai, 'text-embedding-3-large', 'refund')).not.toBe(a)
    expect(embeddingCacheKey(openai, 'text-embedding-3-small', 'refunds')).not.toBe(a)
  })
})
