/**
 * The demo's stand-in for an LLM: per prompt version, how fast it answers, how often it fails,
 * and how users rate its answers. SummarizeSupportTicket v2 is the faster, cheaper prompt (its
 * lower token count comes from its real rendered text), rated about as well as v1.
 * @module
 */
import type { Score } from '@canon/sdk'
import type { Sampler } from './sampling'

/** How one prompt version behaves under the simulated model. */
export interface ModelProfile {
  /** Median latency of a successful call, ms. */
  latencyP50Ms: number
  /** Spread of the latency's logarithm: 0.35 puts p95 near 1.8 × p50. */
  latencySigma: number
  /** Share of calls that fail (rate limited or timed out). */
  errorRate: number
  /** Share of answered calls whose user rates the answer (`user_approval`). */
  feedbackRate: number
  /** Share of those ratings that are positive. */
  approvalRate: number
  /** Share of answered calls a reviewer grades (`quality`, 0..1). */
  qualityRate: number
  qualityMean: number
}

const BASE: ModelProfile = {
  latencyP50Ms: 800,
  latencySigma: 0.35,
  errorRate: 0.01,
  feedbackRate: 0.3,
  approvalRate: 0.8,
  qualityRate: 0.08,
  qualityMean: 0.8,
}

/** Prompt → version (0 = any other version) → how it differs from `BASE`. */
const PROFILES: Record<string, Record<number, Partial<ModelProfile>>> = {
  SummarizeSupportTicket: {
    1: { latencyP50Ms: 900, errorRate: 0.02, approvalRate: 0.78, qualityMean: 0.8 },
    2: { latencyP50Ms: 600, latencySigma: 0.3, errorRate: 0.015, approvalRate: 0.81 },
    0: { latencyP50Ms: 700 },
  },
  ClassifyTicketIntent: { 0: { latencyP50Ms: 250, latencySigma: 0.25, feedbackRate: 0 } },
  DraftSupportReply: { 0: { latencyP50Ms: 1800, approvalRate: 0.72, qualityMean: 0.76 } },
  ExtractOrderDetails: { 0: { latencyP50Ms: 1100, approvalRate: 0.86, feedbackRate: 0.15 } },
}

/** The profile of `prompt` v`version`. */
export function modelProfile(prompt: string, version: number): ModelProfile {
  const versions = PROFILES[prompt] ?? {}
  return { ...BASE, ...(versions[version] ?? versions[0] ?? {}) }
}

/** A failed model call, shaped like an HTTP client's error so the SDK records `error.type`. */
export class SimulatedModelError extends Error {
  readonly status: number | undefined
  readonly code: string | undefined

  constructor(message: string, kind: { status?: number; code?: string }) {
    super(message)
    this.name = 'SimulatedModelError'
    this.status = kind.status
    this.code = kind.code
  }
}

/** What the simulated model did for one call. */
export interface SimulatedCall {
  latencyMs: number
  /** Set when the call fails: the traced function throws it. */
  error?: SimulatedModelError
  /** The answer, in the `{ usage: { inputTokens, outputTokens } }` shape the SDK reads. */
  reply?: { id: string; text: string; usage: { inputTokens: number; outputTokens: number } }
}

/** Longest simulated call, so a stopping demo never waits long. */
const MAX_LATENCY_MS = 8_000

/**
 * Draws one call: success with `output` (token counts given by the caller, from the real
 * rendered prompt and output) or a failure.
 */
export function simulateCall(
  sampler: Sampler,
  profile: ModelProfile,
  output: string,
  tokens: { input: number; output: number },
): SimulatedCall {
  if (sampler.chance(profile.errorRate)) {
    if (sampler.chance(0.65)) {
      return {
        latencyMs: Math.round(sampler.logNormal(150, 0.3)),
        error: new SimulatedModelError('simulated model: 429 rate limit exceeded', { status: 429 }),
      }
    }
    return {
      latencyMs: MAX_LATENCY_MS,
      error: new SimulatedModelError('simulated model: request timed out', { code: 'timeout' }),
    }
  }
  const latencyMs = Math.min(
    MAX_LATENCY_MS,
    Math.round(sampler.logNormal(profile.latencyP50Ms, profile.latencySigma)),
  )
  const id = `sim-${Math.floor(sampler.next() * 2 ** 48).toString(16)}`
  return {
    latencyMs,
    reply: { id, text: output, usage: { inputTokens: tokens.input, outputTokens: tokens.output } },
  }
}

/** What the user (and sometimes a reviewer) says about one answered call. */
export function userScores(sampler: Sampler, profile: ModelProfile): Score[] {
  const scores: Score[] = []
  if (sampler.chance(profile.feedbackRate)) {
    scores.push({ name: 'user_approval', value: sampler.chance(profile.approvalRate) ? 1 : 0 })
  }
  if (sampler.chance(profile.qualityRate)) {
    const grade = Math.min(1, Math.max(0, sampler.normal(profile.qualityMean, 0.1)))
    scores.push({ name: 'quality', value: Math.round(grade * 100) / 100 })
  }
  return scores
}
