import { describe, expect, it } from 'vitest'
import { manualClock } from '../http/clock'
import { createMockProvider } from './mock'
import type { CompletionRequest } from './types'

const req: CompletionRequest = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Route this ticket: I was charged twice' }],
}

describe('mock provider', () => {
  it('answers from the fixture map by case id, for free and without waiting', async () => {
    const mock = createMockProvider({ outputs: { 'double-charge': 'billing', crash: 'technical' } })
    const a = await mock.complete(req, { caseId: 'double-charge' })
    const b = await mock.complete(req, { caseId: 'crash' })
    expect([a.text, b.text]).toEqual(['billing', 'technical'])
    expect(a).toMatchObject({
      costUsd: 0,
      latencyMs: 0,
      finishReason: 'stop',
      model: 'gpt-4o-mini',
    })
    expect(a.usage.inputTokens).toBeGreaterThan(0)
    expect(mock.calls).toBe(2)
  })

  it('is deterministic across calls and cycles per-trial outputs', async () => {
    const mock = createMockProvider({ outputs: { flaky: ['billing', 'other'] } })
    const texts = []
    for (const trial of [0, 1, 2, 3])
      texts.push((await mock.complete(req, { caseId: 'flaky', trial })).text)
    expect(texts).toEqual(['billing', 'other', 'billing', 'other'])
  })

  it('names the case a fixture is missing for', async () => {
    const mock = createMockProvider({ outputs: { a: 'x' } })
    await expect(mock.complete(req, { caseId: 'vat-number' })).rejects.toThrow(
      'mock: no output for case "vat-number"',
    )
    // Inherited object keys are not fixtures.
    await expect(mock.complete(req, { caseId: 'toString' })).rejects.toThrow(/no output/)
  })

  it('answers from a function of the request and context', async () => {
    const mock = createMockProvider({
      outputs: (r, ctx) => ({
        text: `${ctx.call}:${r.messages.length}`,
        usage: { outputTokens: 9 },
      }),
    })
    const result = await mock.complete(req)
    expect(result.text).toBe('1:1')
    expect(result.usage.outputTokens).toBe(9)
  })

  it('simulates latency through the clock and scripted errors', async () => {
    const clock = manualClock()
    const mock = createMockProvider({
      outputs: { slow: 'ok', broken: { text: '', error: 'model overloaded' } },
      latencyMs: 120,
      clock,
    })
    expect((await mock.complete(req, { caseId: 'slow' })).latencyMs).toBe(120)
    expect(clock.sleeps).toEqual([120])
    await expect(mock.complete(req, { caseId: 'broken' })).rejects.toThrow('mock: model overloaded')
  })

  it('embeds deterministically: shared words score higher than unrelated text', async () => {
    const mock = createMockProvider()
    const [a, b, c] = (await mock.embed(
      [
        'refund the duplicate charge',
        'please refund my duplicate charge',
        'the app crashes on start',
      ],
      { model: 'mock' },
    )) as number[][]
    const cos = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0)
    expect(cos(a as number[], b as number[])).toBeGreaterThan(cos(a as number[], c as number[]))
    expect(cos(a as number[], a as number[])).toBeCloseTo(1, 10)
    expect(mock.embedCalls).toBe(1)
  })
})
