/**
 * Which providers grade a prompt: the model under test, the judge and the embeddings, from CLI
 * settings and the prompt's `evaluation` block. Configuration problems (no judge for rubrics, a
 * model judging itself, a missing key) fail here, before anything is sent.
 * @module
 */
import {
  type AssertionSpec,
  CanonError,
  type PromptDefinition,
  type ProviderRef,
} from '@canon/core'
import { parseAssertionType } from '../assertions/assertion-types'
import { assertionsForCase } from '../assertions/assertions-for-case'
import type { Case } from '../dataset/case'
import { normalizeModelId } from '../pricing/estimate-cost'
import type { ModelPrice } from '../pricing/price-table'
import {
  createProvider,
  PROVIDER_PRESETS,
  type ProviderDeps,
  type ProviderSpec,
} from '../providers/create-provider'
import { createMockProvider } from '../providers/mock'
import type { Provider } from '../providers/types'
import type { MockFixtures } from './load-suite'
import type { EmbeddingsConfig, JudgeConfig } from './options'

/** How to evaluate, as the user configured it (flags, env); prompts fill the gaps. */
export interface EvalSettings {
  /** Provider of the model under test; default the prompt's `model.provider`, else `openai`. */
  provider?: string
  /** Model under test; default the prompt's `model.name`. */
  model?: string
  /** Judge as `provider:model`; overrides `evaluation.judge`. `mock` = recorded verdicts. */
  judge?: string
  /** Embeddings as `provider:model`; overrides `evaluation.embeddings`. */
  embeddings?: string
  /** Let the model under test grade its own answers (off by default: self-grading is biased). */
  allowSelfJudge?: boolean
  /** Environment for API keys and base URLs. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>
  /** Clock and HTTP defaults for providers (tests). */
  deps?: ProviderDeps
}

export interface EvalProviders {
  provider: Provider
  model: string
  price?: ModelPrice
  judge?: JudgeConfig
  embeddings?: EmbeddingsConfig
}

const FREE: ModelPrice = { input: 0, output: 0 }

/** Label of the offline embeddings in reports. */
export const MOCK_EMBEDDINGS_LABEL = 'mock (hashed bag of words: lexical, not semantic)'

/**
 * Parses `openai:gpt-4o` into `{ provider: 'openai', model: 'gpt-4o' }`; `mock` alone is fine.
 * @example parseProviderRef('anthropic:claude-3-5-haiku-latest')
 */
export function parseProviderRef(text: string, what = 'provider'): ProviderRef {
  const i = text.indexOf(':')
  const provider = i === -1 ? text : text.slice(0, i)
  const model = i === -1 ? undefined : text.slice(i + 1)
  if (provider === '' || model === '') {
    throw new CanonError(
      'CONFIG_INVALID',
      `${what} \`${text}\` is not \`provider:model\` (e.g. openai:gpt-4o)`,
    )
  }
  return model === undefined ? { provider } : { provider, model }
}

/** Which model-graded assertions will run on these cases. */
export function modelGradedNeeds(
  assertions: readonly AssertionSpec[],
  cases: readonly Case[],
): { judge: boolean; embeddings: boolean } {
  const needs = { judge: false, embeddings: false }
  for (const c of cases) {
    for (const spec of assertionsForCase(assertions, c)) {
      const base = parseAssertionType(spec.type)?.base
      if (base === 'llm-rubric' && (spec.value !== undefined || c.criteria !== undefined))
        needs.judge = true
      if (base === 'similar' && (spec.value !== undefined || c.expected !== undefined))
        needs.embeddings = true
    }
  }
  return needs
}

/** Whether these settings run offline from fixture files (model or judge). */
export function usesFixtures(settings: EvalSettings, def: PromptDefinition): boolean {
  return providerId(settings, def) === 'mock' || settings.judge === 'mock'
}

function providerId(settings: EvalSettings, def: PromptDefinition): string {
  return settings.provider ?? def.model.provider ?? 'openai'
}

function presetPrice(id: string): ModelPrice | undefined {
  if (id === 'mock') return FREE
  return Object.hasOwn(PROVIDER_PRESETS, id) ? PROVIDER_PRESETS[id]?.price : undefined
}

/**
 * Resolves providers per prompt, reusing one provider object per configuration across prompts
 * (one connection pool, one set of retries).
 * @example
 * const resolve = evalProviderResolver({ provider: 'mock' })
 * const { provider, judge } = resolve(def, suite)
 */
export function evalProviderResolver(
  settings: EvalSettings,
): (
  def: PromptDefinition,
  suite: { cases: readonly Case[]; fixtures?: MockFixtures },
) => EvalProviders {
  const pool = new Map<string, Provider>()
  const deps: ProviderDeps = { ...settings.deps, env: settings.env ?? settings.deps?.env }
  const shared = (spec: ProviderSpec): Provider => {
    const key = JSON.stringify(spec)
    let provider = pool.get(key)
    if (!provider) {
      provider = createProvider(spec, deps)
      pool.set(key, provider)
    }
    return provider
  }

  return (def, suite) => {
    const id = providerId(settings, def)
    const model = settings.model ?? def.model.name
    const who = `${def.name} v${def.version}`
    const offline = id === 'mock'
    const needs = modelGradedNeeds(def.evaluation?.assertions ?? [], suite.cases)

    let provider: Provider
    if (offline) {
      const outputs: Record<string, string> = {}
      for (const c of suite.cases) {
        const output = suite.fixtures?.outputs.get(c.id) ?? c.output
        if (output !== undefined) outputs[c.id] = output
      }
      provider = createMockProvider({ outputs, model })
    } else {
      provider = shared({ provider: id, ...(settings.model ? { model: settings.model } : {}) })
    }
    const resolved: EvalProviders = { provider, model: model ?? provider.defaultModel ?? '' }
    const price = presetPrice(id)
    if (price) resolved.price = price

    if (needs.judge) {
      const ref = settings.judge
        ? parseProviderRef(settings.judge, '--judge')
        : offline
          ? { provider: 'mock' }
          : def.evaluation?.judge
      if (!ref) {
        throw new CanonError(
          'CONFIG_INVALID',
          `${who} has llm-rubric assertions but no judge: set \`evaluation.judge\` in the prompt file or pass --judge provider:model (a model other than the one under test)`,
        )
      }
      resolved.judge = judgeConfig(ref, resolved.model, who, suite.fixtures, settings, shared)
    }
    if (needs.embeddings) {
      const ref = settings.embeddings
        ? parseProviderRef(settings.embeddings, '--embeddings')
        : offline
          ? undefined
          : def.evaluation?.embeddings
      if (offline && !ref) {
        resolved.embeddings = {
          provider: createMockProvider(),
          model: 'hash',
          label: MOCK_EMBEDDINGS_LABEL,
        }
      } else if (!ref) {
        throw new CanonError(
          'CONFIG_INVALID',
          `${who} has similar assertions but no embeddings provider: set \`evaluation.embeddings\` in the prompt file or pass --embeddings provider:model`,
        )
      } else {
        const { provider: refProvider, model: refModel, ...rest } = ref
        const embedder =
          refProvider === 'mock' ? createMockProvider() : shared({ ...rest, provider: refProvider })
        if (!embedder.embed) {
          throw new CanonError(
            'CONFIG_INVALID',
            `provider \`${refProvider}\` has no embeddings API`,
          )
        }
        resolved.embeddings = {
          provider: embedder,
          model: refModel ?? (refProvider === 'mock' ? 'hash' : (embedder.defaultModel ?? '')),
          ...(refProvider === 'mock' ? { label: MOCK_EMBEDDINGS_LABEL } : {}),
        }
        if (resolved.embeddings.model === '') {
          throw new CanonError(
            'CONFIG_INVALID',
            `${who}: the embeddings provider needs a model (e.g. --embeddings openai:text-embedding-3-small)`,
          )
        }
      }
    }
    return resolved
  }
}

function judgeConfig(
  ref: ProviderRef,
  modelUnderTest: string,
  who: string,
  fixtures: MockFixtures | undefined,
  settings: EvalSettings,
  shared: (spec: ProviderSpec) => Provider,
): JudgeConfig {
  if (ref.provider === 'mock') {
    return {
      kind: 'recorded',
      verdicts: fixtures?.verdicts ?? new Map(),
      source: fixtures?.file ?? 'the fixtures file (the prompt has no evaluation.fixtures)',
    }
  }
  const { provider: id, model, ...rest } = ref
  const provider = shared({ ...rest, provider: id, ...(model ? { model } : {}) })
  const judgeModel = model ?? provider.defaultModel
  if (!judgeModel) {
    throw new CanonError(
      'CONFIG_INVALID',
      `${who}: the judge needs a model, e.g. --judge ${id}:gpt-4o or evaluation.judge: ${id}:<model>`,
    )
  }
  if (
    !settings.allowSelfJudge &&
    modelUnderTest !== '' &&
    normalizeModelId(judgeModel) === normalizeModelId(modelUnderTest)
  ) {
    throw new CanonError(
      'CONFIG_INVALID',
      `${who}: the judge (${id}:${judgeModel}) is the model under test; a model grading its own answers is biased. Choose another judge (--judge or evaluation.judge), or pass --allow-self-judge to accept it`,
    )
  }
  const config: JudgeConfig = { kind: 'model', provider, model: judgeModel }
  const price = presetPrice(id)
  if (price) config.price = price
  return config
}
