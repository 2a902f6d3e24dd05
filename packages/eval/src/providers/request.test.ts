import { describe, expect, it } from 'vitest'
import { buildCompletionRequest, toMessages } from './request'

describe('buildCompletionRequest', () => {
  it('makes a text prompt one user message and keeps sampling params', () => {
    const req = buildCompletionRequest({
      settings: {
        provider: 'openai',
        name: 'gpt-4o-mini',
        temperature: 0,
        max_tokens: 5,
        top_p: undefined,
      },
      rendered: { kind: 'text', text: 'Label: ' },
    })
    expect(req).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Label: ' }],
      params: { temperature: 0, max_tokens: 5 },
    })
  })

  it('keeps chat messages and turns an output schema into json mode', () => {
    const schema = { type: 'object' }
    const req = buildCompletionRequest({
      settings: { name: 'claude-3-5-haiku-latest' },
      rendered: {
        kind: 'chat',
        messages: [
          { role: 'system', content: 's' },
          { role: 'user', content: 'u' },
        ],
      },
      outputSchema: schema,
    })
    expect(req.messages).toHaveLength(2)
    expect(req.params?.response_format).toEqual({ type: 'json_schema', name: 'output', schema })
  })

  it('lets an override pick the model and fails clearly without one', () => {
    const rendered = { kind: 'text', text: 'x' } as const
    expect(buildCompletionRequest({ settings: {}, rendered, model: 'gpt-4.1' }).model).toBe(
      'gpt-4.1',
    )
    expect(() => buildCompletionRequest({ settings: {}, rendered })).toThrow(/no model to call/)
  })

  it('copies messages so later edits do not leak into a request', () => {
    const messages = [{ role: 'user' as const, content: 'a' }]
    const out = toMessages({ kind: 'chat', messages })
    messages[0] = { role: 'user', content: 'b' }
    expect(out[0]?.content).toBe('a')
  })
})
