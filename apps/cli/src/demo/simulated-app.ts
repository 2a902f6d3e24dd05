/**
 * One simulated user request, made the way an app makes it: `canon.get` with the user's id
 * (the flag picks the version), render, `prompt.trace` around the (simulated) model call, then
 * the user's feedback through `canon.score`.
 * @module
 */
import { countTokens } from '@canon/core/tokens'
import type { Canon, CanonPrompt, Score } from '@canon/sdk'
import { spanTiming } from './backdating-tracer'
import type { Sampler } from './sampling'
import type { DemoCase, Scenario } from './scenarios'
import { modelProfile, SimulatedModelError, simulateCall, userScores } from './simulated-model'

/** The attribute that marks an execution as simulated (the registry stores it, the dashboard shows it). */
export const SIMULATED_ATTRIBUTE = 'canon.simulated'

/** What one simulated request did. */
export interface CallOutcome {
  prompt: string
  version: number
  variant: string | undefined
  ok: boolean
  traceId: string
  /** Feedback to send for it (empty when the call failed). */
  scores: Score[]
}

export interface SimulatedAppOptions {
  canon: Canon<object>
  sampler: Sampler
  scenarios: readonly Scenario[]
  /** Distinct users; the rollout is sticky per user. */
  users: number
  /** Waits for the simulated latency (live traffic); resolves early when the demo stops. */
  pause: (ms: number) => Promise<void>
}

/** Makes simulated requests. */
export class SimulatedApp {
  readonly #options: SimulatedAppOptions
  readonly #tokens = new Map<string, number>()

  constructor(options: SimulatedAppOptions) {
    this.#options = options
  }

  /**
   * One request starting at `startMs`. Live requests wait out the model's latency; backfilled
   * ones (`live: false`) return at once with their span placed in the past.
   */
  async call(startMs: number, live: boolean): Promise<CallOutcome> {
    const { canon, sampler, scenarios, users, pause } = this.#options
    const scenario = sampler.weighted(scenarios)
    const demoCase = scenario.cases[sampler.int(scenario.cases.length)] as DemoCase
    const userId = `user-${1 + sampler.int(users)}`
    const prompt = await canon.get(scenario.prompt, { context: { userId } })
    const profile = modelProfile(prompt.name, prompt.version)
    const simulated = simulateCall(sampler, profile, demoCase.output, {
      input: this.#inputTokens(prompt, demoCase),
      output: this.#outputTokens(prompt, demoCase),
    })
    const outcome: CallOutcome = {
      prompt: prompt.name,
      version: prompt.version,
      variant: prompt.variant,
      ok: simulated.error === undefined,
      traceId: '',
      scores: [],
    }
    try {
      const traced = await prompt.trace(
        async () => {
          if (live) await pause(simulated.latencyMs)
          if (simulated.error) throw simulated.error
          return simulated.reply
        },
        {
          attributes: {
            [SIMULATED_ATTRIBUTE]: true,
            ...spanTiming(startMs, simulated.latencyMs),
          },
        },
      )
      outcome.traceId = traced.traceId
      outcome.scores = userScores(sampler, profile)
    } catch (err) {
      if (!(err instanceof SimulatedModelError)) throw err
    }
    return outcome
  }

  /** Tokens of the prompt as this version renders it: v1's longer template costs more. */
  #inputTokens(prompt: CanonPrompt, demoCase: DemoCase): number {
    const key = `${prompt.name}@${prompt.digest}#${demoCase.id}`
    let tokens = this.#tokens.get(key)
    if (tokens === undefined) {
      tokens = countTokens(prompt.render(demoCase.vars), prompt.definition.model.name)
      this.#tokens.set(key, tokens)
    }
    return tokens
  }

  #outputTokens(prompt: CanonPrompt, demoCase: DemoCase): number {
    const key = `${prompt.name}#${demoCase.id}#out`
    let tokens = this.#tokens.get(key)
    if (tokens === undefined) {
      tokens = countTokens(demoCase.output, prompt.definition.model.name)
      this.#tokens.set(key, tokens)
    }
    return tokens
  }
}
