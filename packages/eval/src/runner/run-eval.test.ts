import { isCanonError } from '@canon/core'
import { afterEach, describe, expect, it } from 'vitest'
import { startOpenAIStub } from '../../test/stubs/index'
import { createMemoryCacheStore } from '../cache/file-store'
import { manualClock } from '../http/clock'
import { createMockProvider } from '../providers/mock'
import { createOpenAIProvider } from '../providers/openai'
import type { CompletionResult, Provider } from '../providers/types'
import { planEval } from './plan-eval'
import { runEval } from './run-eval'
import { CLASSIFIER, casesFrom, promptFrom } from './test-helpers'

const prompt = promptFrom(CLASSIFIER)
const cases = casesFrom(
  { id: 'refund', vars: { text: 'Refund my card' }, expected: 'billing', tags: ['critical'] },
  { id: 'crash', vars: { text: 'The app crashes' }, expected: 'technical' },
  { id: 'hello', vars: { text: 'Hi there' }, expected: 'other' },
)

describe('runEval', () => {
  it('grades every case and aggregates the weighted pass rate with a Wilson interval', async () => {
    const provider = createMockProvider({
      outputs: { refund: 'billing', crash: 'billing', hello: 'other' },
    })
    const run = await runEval({ prompt, cases, provider, concurrency: 2 })
    expect(run.cases.map((c) => [c.id, c.pass, c.score])).toEqual([
      ['refund', true, 1],
      ['crash', false, 0.25],
      ['hello', true, 1],
    ])
    // (1 + 0.25 + 1) / 3: the failed `equals` carries 3 of the 4 weight units of `crash`.
    expect(run.totals.passRate.weighted).toBeCloseTo(0.75)
    expect(run.totals.passRate.wilson.low).toBeLessThan(0.75)
    expect(run.totals.passRate.wilson.high).toBeGreaterThan(0.75)
    expect(run.totals.assertions.map((a) => [a.label, a.passed, a.failed])).toEqual([
      ['equals [accuracy]', 2, 1],
      ['regex "^(billing|technical|other)$" [format]', 3, 0],
    ])
    expect(run.totals.metrics).toEqual({
      accuracy: { mean: 2 / 3, count: 3 },
      format: { mean: 1, count: 3 },
    })
    expect(run.prompt).toMatchObject({ name: 'Classify', version: 1 })
    expect(run.prompt.digest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('turns a case that does not render into an error for that case, naming the input', async () => {
    const bad = casesFrom(
      { id: 'ok', vars: { text: 'Refund' }, expected: 'billing' },
      { id: 'no-text', vars: {}, expected: 'billing' },
      { id: 'typo', vars: { txet: 'x' }, expected: 'billing' },
    )
    const provider = createMockProvider({ outputs: () => 'billing' })
    const run = await runEval({ prompt, cases: bad, provider })
    expect(run.cases[0]?.pass).toBe(true)
    expect(run.cases[1]?.error).toEqual({
      kind: 'render',
      message: expect.stringContaining('missing required input `text`'),
    })
    expect(run.cases[2]?.error?.message).toMatch(/unknown input `txet`/)
    expect(provider.calls).toBe(1)
    expect(run.totals).toMatchObject({ passed: 1, failed: 0, errored: 2 })
  })

  it('keeps provider failures apart from assertion failures', async () => {
    const provider = createMockProvider({
      outputs: {
        refund: { text: '', error: 'upstream 503 after 3 retries' },
        crash: 'billing',
        hello: 'other',
      },
    })
    const run = await runEval({ prompt, cases, provider })
    expect(run.cases[0]?.error).toEqual({
      kind: 'provider',
      message: 'mock: upstream 503 after 3 retries',
    })
    expect(run.totals).toMatchObject({ passed: 1, failed: 1, errored: 1 })
  })

  it('never has more calls in flight than the concurrency', async () => {
    let inFlight = 0
    let peak = 0
    const many = casesFrom(
      ...Array.from({ length: 12 }, (_, i) => ({
        id: `c${i}`,
        vars: { text: 'x' },
        expected: 'other',
      })),
    )
    const provider = createMockProvider({
      outputs: async () => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await new Promise((r) => setTimeout(r, 5))
        inFlight--
        return 'other'
      },
    })
    const progress: number[] = []
    await runEval({
      prompt,
      cases: many,
      provider,
      concurrency: 3,
      onProgress: (done) => progress.push(done),
    })
    expect(peak).toBe(3)
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
  })

  it('reports latency p50/p95 and tokens over the calls', async () => {
    const latencies = [100, 200, 300]
    const provider = createMockProvider({
      clock: manualClock(),
      outputs: {
        refund: {
          text: 'billing',
          latencyMs: latencies[0],
          usage: { inputTokens: 10, outputTokens: 1 },
        },
        crash: {
          text: 'technical',
          latencyMs: latencies[1],
          usage: { inputTokens: 20, outputTokens: 1 },
        },
        hello: {
          text: 'other',
          latencyMs: latencies[2],
          usage: { inputTokens: 30, outputTokens: 1 },
        },
      },
    })
    const run = await runEval({ prompt, cases, provider })
    expect(run.totals.latencyMs).toEqual({ p50: 200, p95: 290 })
    expect(run.totals.tokens).toEqual({ input: 60, output: 3 })
    expect(run.totals.costUsd).toBe(0)
  })

  it('repeats cases with trials: a case passes only when every trial does', async () => {
    const provider = createMockProvider({
      outputs: { refund: ['billing', 'technical', 'billing'], crash: 'technical', hello: 'other' },
    })
    const run = await runEval({ prompt, cases, provider, trials: 3 })
    const refund = run.cases[0]
    expect(refund?.trials.map((t) => t.pass)).toEqual([true, false, true])
    expect(refund?.pass).toBe(false)
    expect(refund?.score).toBeCloseTo((1 + 0.25 + 1) / 3)
    expect(provider.calls).toBe(9)
  })

  it('fails a case whose rendered prompt is over budget.max_input_tokens, saying by how much', async () => {
    const tight = promptFrom(
      CLASSIFIER.replace('evaluation:', 'budget: { max_input_tokens: 20 }\nevaluation:'),
    )
    const long = casesFrom(
      { id: 'short', vars: { text: 'Refund' }, expected: 'billing' },
      { id: 'long', vars: { text: 'Refund '.repeat(40) }, expected: 'billing' },
    )
    const run = await runEval({
      prompt: tight,
      cases: long,
      provider: createMockProvider({ outputs: () => 'billing' }),
    })
    expect(run.cases[0]?.pass).toBe(true)
    const over = run.cases[1]
    expect(over?.pass).toBe(false)
    expect(over?.overBudget?.limit).toBe(20)
    expect(over?.trials[0]?.assertions.at(-1)?.reason).toMatch(
      /^rendered prompt is \d+ tokens, over budget\.max_input_tokens 20$/,
    )
    expect(run.totals.overBudget).toEqual(['long'])
  })
})

describe('estimate and --max-cost', () => {
  it('estimates input tokens of every rendered case and max_tokens of output at list price', async () => {
    const provider = createMockProvider()
    const live: Provider = { ...provider, id: 'openai', endpoint: 'https://api.openai.com/v1' }
    const plan = await planEval({ prompt, cases, provider: live })
    const e = plan.estimate
    expect(e.calls).toBe(3)
    expect(e.outputTokensPerCall).toBe(5)
    expect(e.outputTokensSource).toBe('max_tokens')
    expect(e.inputTokens).toBe(plan.cases.reduce((n, c) => n + (c.inputTokens ?? 0), 0))
    // gpt-4o-mini: $0.15 / 1M input, $0.60 / 1M output.
    expect(e.costUsd).toBeCloseTo((e.inputTokens * 0.15 + 15 * 0.6) / 1e6, 12)
  })

  it('refuses to start when the estimate is over maxCostUsd, before any call', async () => {
    let calls = 0
    const live: Provider = {
      id: 'openai',
      endpoint: 'https://api.openai.com/v1',
      defaultModel: undefined,
      async complete(): Promise<CompletionResult> {
        calls++
        throw new Error('must not be called')
      },
    }
    const error = await runEval({ prompt, cases, provider: live, maxCostUsd: 1e-7 }).catch((e) => e)
    expect(isCanonError(error)).toBe(true)
    expect(error.message).toMatch(
      /^estimated cost \$0\.0\d+ is over --max-cost \$0\.0000; nothing was sent$/,
    )
    expect(calls).toBe(0)
  })

  it('refuses --max-cost when the model has no known price', async () => {
    const odd = promptFrom(CLASSIFIER.replace('gpt-4o-mini', 'my-finetune-7b'))
    const live: Provider = { ...createMockProvider(), id: 'openai', endpoint: 'http://x/v1' }
    await expect(runEval({ prompt: odd, cases, provider: live, maxCostUsd: 5 })).rejects.toThrow(
      /no price is known for my-finetune-7b; nothing was sent/,
    )
  })
})

describe('the runner against an OpenAI-compatible server', () => {
  let stub: Awaited<ReturnType<typeof startOpenAIStub>> | undefined
  afterEach(async () => {
    await stub?.close()
    stub = undefined
  })

  it('sends every case, grades the answers, prices them, and replays them with zero calls', async () => {
    stub = await startOpenAIStub({
      reply: (body) => {
        const text = JSON.stringify(body.messages)
        return text.includes('Refund')
          ? 'billing'
          : text.includes('crashes')
            ? 'technical'
            : 'Other.'
      },
    })
    const provider = createOpenAIProvider({ baseUrl: stub.url, apiKey: 'test' })
    const store = createMemoryCacheStore()
    const run = await runEval({
      prompt,
      cases,
      provider,
      concurrency: 2,
      cache: { store, mode: 'record' },
    })
    expect(stub.requests).toHaveLength(3)
    expect(stub.requests[0]?.body).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0,
      max_tokens: 5,
    })
    expect(run.cases.map((c) => c.pass)).toEqual([true, true, false])
    expect(run.cases[2]?.trials[0]?.output).toBe('Other.')
    expect(run.totals.tokens.input).toBeGreaterThan(0)
    expect(run.totals.costUsd).toBeGreaterThan(0)
    expect(run.cache).toMatchObject({ mode: 'record', calls: 3, writes: 3 })

    const replay = await runEval({ prompt, cases, provider, cache: { store, mode: 'replay' } })
    expect(stub.requests).toHaveLength(3)
    expect(replay.cache).toMatchObject({ mode: 'replay', hits: 3, calls: 0 })
    expect(replay.cases.map((c) => c.pass)).toEqual([true, true, false])
    expect(replay.totals.costUsd).toBe(0)
    expect(replay.totals.cachedCostUsd).toBeCloseTo(run.totals.costUsd ?? 0, 12)
  })

  it('fails a call that costs more than budget.max_cost_usd, at list price', async () => {
    stub = await startOpenAIStub({ reply: () => 'billing' })
    const provider = createOpenAIProvider({ baseUrl: stub.url, apiKey: 'test' })
    const refund = casesFrom({ id: 'refund', vars: { text: 'Refund' }, expected: 'billing' })
    const withBudget = (usd: number) =>
      promptFrom(CLASSIFIER.replace('evaluation:', `budget: { max_cost_usd: ${usd} }\nevaluation:`))
    const tight = await runEval({ prompt: withBudget(0.000_000_1), cases: refund, provider })
    const cost = tight.cases[0]?.trials[0]?.costUsd ?? 0
    expect(cost).toBeGreaterThan(0.000_000_1)
    expect(tight.cases[0]?.pass).toBe(false)
    expect(tight.cases[0]?.trials[0]?.assertions.at(-1)?.reason).toMatch(
      /^the call cost \$[\d.e-]+, over budget\.max_cost_usd \$1e-7$/,
    )
    const roomy = await runEval({ prompt: withBudget(0.01), cases: refund, provider })
    expect(roomy.cases[0]?.pass).toBe(true)
  })

  it('marks replay-cache misses as such, without calling the server', async () => {
    stub = await startOpenAIStub()
    const provider = createOpenAIProvider({ baseUrl: stub.url, apiKey: 'test' })
    const run = await runEval({
      prompt,
      cases,
      provider,
      cache: { store: createMemoryCacheStore(), mode: 'replay' },
    })
    expect(stub.requests).toHaveLength(0)
    expect(run.cases.map((c) => c.error?.kind)).toEqual(['cache-miss', 'cache-miss', 'cache-miss'])
    expect(run.estimate.calls).toBe(0)
  })
})
