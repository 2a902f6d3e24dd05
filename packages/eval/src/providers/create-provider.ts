/**
 * Provider registry: one spec (from a prompt's `model:` / `judge:` block, CLI flags or code)
 * in, a configured provider out. Unknown providers and missing keys fail here, before any call.
 * @module
 */
import { CanonError } from '@canon/core'
import type { Clock } from '../http/clock'
import type { HttpOptions } from '../http/request-json'
import type { ModelPrice } from '../pricing/price-table'
import { ANTHROPIC_DEFAULT_BASE_URL, createAnthropicProvider } from './anthropic'
import type { MockOutputs } from './mock'
import { createMockProvider } from './mock'
import { createOpenAIProvider, OPENAI_DEFAULT_BASE_URL } from './openai'
import { normalizeBaseUrl } from './response-shape'
import type { Provider } from './types'

export interface ProviderSpec {
  /** `openai`, `anthropic`, `mock`, or an OpenAI-compatible preset (see `PROVIDER_PRESETS`). */
  provider: string
  model?: string
  baseUrl?: string
  /** Prefer `apiKeyEnv` in files: keys do not belong in git. */
  apiKey?: string
  /** Env var holding the key. Default `OPENAI_API_KEY` / `ANTHROPIC_API_KEY` / the preset's. */
  apiKeyEnv?: string
  headers?: Record<string, string>
  /** Per-attempt timeout. Default 60 000. */
  timeoutMs?: number
  /** Default 3; `0` turns retrying off. */
  maxRetries?: number
  /** Anthropic's required `max_tokens` when the prompt sets none. Default 1024. */
  maxTokens?: number
  /** USD per 1M tokens, overriding the price table. */
  price?: ModelPrice
  /** Mock: fixture map or function. */
  outputs?: MockOutputs
  /** Mock: simulated latency. */
  latencyMs?: number
}

export interface ProviderDeps {
  /** Where keys are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>
  clock?: Clock
  /** Defaults for every HTTP provider (tests pass a manual clock and tiny delays). */
  http?: HttpOptions
}

interface Preset {
  kind: 'openai' | 'anthropic' | 'mock'
  baseUrl?: string
  /** Env var with the key; `undefined` for keyless local servers. */
  keyEnv?: string
  /** Env var that may override the base URL. */
  baseUrlEnv?: string
  /** Local servers bill nothing. */
  price?: ModelPrice
}

const FREE: ModelPrice = { input: 0, output: 0 }

/** Providers `createProvider` knows, and what each one defaults to. */
export const PROVIDER_PRESETS: Readonly<Record<string, Preset>> = {
  openai: {
    kind: 'openai',
    baseUrl: OPENAI_DEFAULT_BASE_URL,
    keyEnv: 'OPENAI_API_KEY',
    baseUrlEnv: 'OPENAI_BASE_URL',
  },
  anthropic: {
    kind: 'anthropic',
    baseUrl: ANTHROPIC_DEFAULT_BASE_URL,
    keyEnv: 'ANTHROPIC_API_KEY',
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
  },
  mock: { kind: 'mock' },
  openrouter: {
    kind: 'openai',
    baseUrl: 'https://openrouter.ai/api/v1',
    keyEnv: 'OPENROUTER_API_KEY',
  },
  ollama: { kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', price: FREE },
  vllm: { kind: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', price: FREE },
  llamacpp: { kind: 'openai', baseUrl: 'http://127.0.0.1:8080/v1', price: FREE },
  lmstudio: { kind: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', price: FREE },
}

const KNOWN_KEYS = new Set([
  'provider',
  'model',
  'baseUrl',
  'apiKey',
  'apiKeyEnv',
  'headers',
  'timeoutMs',
  'maxRetries',
  'maxTokens',
  'price',
  'outputs',
  'latencyMs',
])

function invalid(message: string): CanonError {
  return new CanonError('CONFIG_INVALID', message)
}

function checkSpec(spec: ProviderSpec): void {
  const unknown = Object.keys(spec).filter((k) => !KNOWN_KEYS.has(k))
  if (unknown.length > 0) {
    throw invalid(
      `provider ${spec.provider}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${[...KNOWN_KEYS].join(', ')})`,
    )
  }
  for (const key of ['model', 'baseUrl', 'apiKey', 'apiKeyEnv'] as const) {
    if (spec[key] !== undefined && typeof spec[key] !== 'string') {
      throw invalid(`provider ${spec.provider}: ${key} must be a string`)
    }
  }
  for (const key of ['timeoutMs', 'maxRetries', 'maxTokens', 'latencyMs'] as const) {
    const value = spec[key]
    if (
      value !== undefined &&
      !(typeof value === 'number' && Number.isFinite(value) && value >= 0)
    ) {
      throw invalid(`provider ${spec.provider}: ${key} must be a non-negative number`)
    }
  }
}

/**
 * @example
 * createProvider({ provider: 'openai', model: 'gpt-4o-mini' }) // key from OPENAI_API_KEY
 * createProvider({ provider: 'ollama', model: 'llama3.1' })    // http://127.0.0.1:11434/v1, free
 * createProvider({ provider: 'mock', outputs: { case1: 'billing' } })
 */
export function createProvider(spec: ProviderSpec, deps: ProviderDeps = {}): Provider {
  if (typeof spec !== 'object' || spec === null || typeof spec.provider !== 'string') {
    throw invalid('provider spec needs a `provider` name (openai, anthropic, mock, …)')
  }
  const preset = Object.hasOwn(PROVIDER_PRESETS, spec.provider)
    ? PROVIDER_PRESETS[spec.provider]
    : undefined
  if (!preset) {
    throw invalid(
      `unknown provider "${spec.provider}"; known: ${Object.keys(PROVIDER_PRESETS).join(', ')} (any OpenAI-compatible server works as "openai" with a baseUrl)`,
    )
  }
  checkSpec(spec)
  if (preset.kind === 'mock') {
    return createMockProvider({
      outputs: spec.outputs,
      model: spec.model,
      latencyMs: spec.latencyMs,
      clock: deps.clock,
    })
  }

  const env = deps.env ?? process.env
  const envBaseUrl = preset.baseUrlEnv ? env[preset.baseUrlEnv] : undefined
  const baseUrl = normalizeBaseUrl(
    spec.baseUrl ?? (envBaseUrl || undefined) ?? (preset.baseUrl as string),
  )
  const keyEnv = spec.apiKeyEnv ?? preset.keyEnv
  const apiKey = spec.apiKey ?? (keyEnv ? env[keyEnv] || undefined : undefined)
  // A hosted default endpoint cannot work without a key; a custom server may not need one.
  const isHostedDefault =
    preset.baseUrl !== undefined && baseUrl === normalizeBaseUrl(preset.baseUrl)
  if (
    !apiKey &&
    ((isHostedDefault && preset.keyEnv !== undefined) || spec.apiKeyEnv !== undefined)
  ) {
    throw invalid(
      `provider ${spec.provider}: no API key; set ${keyEnv} in the environment${spec.apiKeyEnv ? '' : ' (or apiKeyEnv to name another variable)'}`,
    )
  }
  const http: HttpOptions = { ...deps.http, clock: deps.clock ?? deps.http?.clock }
  if (spec.timeoutMs !== undefined) http.timeoutMs = spec.timeoutMs
  if (spec.maxRetries !== undefined) http.maxRetries = spec.maxRetries
  const common = {
    baseUrl,
    apiKey,
    model: spec.model,
    headers: spec.headers,
    price: spec.price ?? preset.price,
    http,
  }
  return preset.kind === 'anthropic'
    ? createAnthropicProvider({ ...common, maxTokens: spec.maxTokens })
    : createOpenAIProvider(common)
}
