/**
 * The offline provider: answers from a fixture map `{caseId → output}` or a function,
 * deterministically, with zero latency unless asked, and counts its calls.
 * @module
 */
import { CanonError } from '@canon/core'
import type { Clock } from '../http/clock'
import { systemClock } from '../http/clock'
import { hashEmbedding } from './hash-embedding'
import type {
  CompleteOptions,
  CompletionRequest,
  CompletionResult,
  EmbedOptions,
  FinishReason,
  Provider,
  Usage,
} from './types'

/** One scripted answer. `error` makes the call fail with that message (for error-path tests). */
export interface MockOutput {
  text: string
  usage?: Partial<Usage>
  latencyMs?: number
  finishReason?: FinishReason
  model?: string
  error?: string
}

type OneOutput = string | MockOutput

/** Context a function-form mock receives. */
export interface MockCallContext {
  caseId: string | undefined
  trial: number
  /** 1 for the first call of this provider. */
  call: number
}

/**
 * `{caseId → output}`; an array gives one output per trial (cycling). Or a function of the request.
 */
export type MockOutputs =
  | Readonly<Record<string, OneOutput | readonly OneOutput[]>>
  | ((req: CompletionRequest, ctx: MockCallContext) => OneOutput | Promise<OneOutput>)

export interface MockProviderConfig {
  outputs?: MockOutputs
  /** Reported model when the request names none. Default `mock`. */
  model?: string
  /** Simulated latency of every call, via `clock`. Default 0 (no wait at all). */
  latencyMs?: number
  clock?: Clock
  /** Size of `embed` vectors (hashed bag of words). Default 256. */
  embeddingDimensions?: number
}

export interface MockProvider extends Provider {
  /** `complete` calls so far. */
  readonly calls: number
  /** `embed` calls so far. */
  readonly embedCalls: number
  embed(texts: string[], opts: EmbedOptions): Promise<number[][]>
}

/** Rough tokens for mock usage: a quarter of the characters, like English BPE on average. */
function roughTokens(text: string): number {
  return Math.ceil(text.length / 4)
}

/**
 * @example
 * const mock = createMockProvider({ outputs: { 'double-charge': 'billing' } })
 * await mock.complete(req, { caseId: 'double-charge' }) // { text: 'billing', costUsd: 0, … }
 */
export function createMockProvider(config: MockProviderConfig = {}): MockProvider {
  const clock = config.clock ?? systemClock
  let calls = 0
  let embedCalls = 0

  async function pick(req: CompletionRequest, ctx: MockCallContext): Promise<MockOutput> {
    const outputs = config.outputs
    if (typeof outputs === 'function') {
      const out = await outputs(req, ctx)
      return typeof out === 'string' ? { text: out } : out
    }
    if (ctx.caseId === undefined) {
      throw new CanonError(
        'CONFIG_INVALID',
        'mock: a fixture-map mock needs the case id of each call',
      )
    }
    const entry = outputs && Object.hasOwn(outputs, ctx.caseId) ? outputs[ctx.caseId] : undefined
    const out = Array.isArray(entry) ? entry[ctx.trial % entry.length] : entry
    if (out === undefined) {
      throw new CanonError(
        'NOT_FOUND',
        `mock: no output for case "${ctx.caseId}"; add it to the prompt's fixtures file (evaluation.fixtures)`,
        { details: { provider: 'mock', caseId: ctx.caseId } },
      )
    }
    return typeof out === 'string' ? { text: out } : (out as MockOutput)
  }

  async function complete(
    req: CompletionRequest,
    opts: CompleteOptions = {},
  ): Promise<CompletionResult> {
    calls++
    const ctx: MockCallContext = { caseId: opts.caseId, trial: opts.trial ?? 0, call: calls }
    const out = await pick(req, ctx)
    const latencyMs = out.latencyMs ?? config.latencyMs ?? 0
    if (latencyMs > 0) await clock.sleep(latencyMs, opts.signal)
    if (out.error !== undefined) {
      throw new CanonError('UPSTREAM_FAILED', `mock: ${out.error}`, {
        details: { provider: 'mock', caseId: opts.caseId },
      })
    }
    const prompt = req.messages.map((m) => m.content).join('\n')
    const usage: Usage = {
      inputTokens: out.usage?.inputTokens ?? roughTokens(prompt),
      outputTokens: out.usage?.outputTokens ?? roughTokens(out.text),
    }
    if (out.usage?.cacheReadTokens !== undefined) usage.cacheReadTokens = out.usage.cacheReadTokens
    if (out.usage?.cacheWriteTokens !== undefined)
      usage.cacheWriteTokens = out.usage.cacheWriteTokens
    return {
      text: out.text,
      usage,
      latencyMs,
      attempts: 1,
      costUsd: 0,
      model: out.model ?? (req.model || config.model || 'mock'),
      finishReason: out.finishReason ?? 'stop',
    }
  }

  return {
    id: 'mock',
    endpoint: undefined,
    defaultModel: config.model,
    get calls() {
      return calls
    },
    get embedCalls() {
      return embedCalls
    },
    complete,
    async embed(texts) {
      embedCalls++
      return texts.map((t) => hashEmbedding(t, config.embeddingDimensions))
    },
  }
}
