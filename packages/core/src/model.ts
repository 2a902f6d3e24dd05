/**
 * The normalized prompt model: what every loader produces, what the registry stores,
 * what the SDK renders. Short forms from files (`input_variables`, `execution_settings`)
 * never reach this shape; `normalizePrompt` expands them.
 * @module
 */

/** `^[A-Za-z][A-Za-z0-9._-]{0,127}$`, unique case-insensitively. */
export const PROMPT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,127}$/

/** Label names: lower-case words, `production`, `staging`, `canary-2`. `latest` is reserved. */
export const LABEL_NAME_PATTERN = /^[a-z][a-z0-9._-]{0,63}$/

export const INPUT_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'] as const
export type InputType = (typeof INPUT_TYPES)[number]

export interface InputSpec {
  type: InputType
  required: boolean
  default?: unknown
  enum?: readonly unknown[]
  maxLength?: number
  pattern?: string
  description?: string
}

export interface ModelSettings {
  /** `openai`, `anthropic`, `mock`, or any OpenAI-compatible provider id. */
  provider?: string
  /** Model id, e.g. `gpt-4o-mini`. */
  name?: string
  temperature?: number
  max_tokens?: number
  top_p?: number
  stop?: string[]
  /** Other provider parameters pass through untouched. */
  [key: string]: unknown
}

export const CHAT_ROLES = ['system', 'user', 'assistant'] as const
export type ChatRole = (typeof CHAT_ROLES)[number]

export interface ChatMessage {
  role: ChatRole
  content: string
}

export type JsonSchema = Record<string, unknown> | boolean

export interface OutputContract {
  /** JSON Schema the model output must satisfy. A `file` reference is inlined at load time. */
  schema?: JsonSchema
  /** How many times `prompt.run()` re-asks with validation errors. */
  retries: number
}

export interface Budget {
  max_input_tokens?: number
  max_cost_usd?: number
}

/** One assertion of an evaluation block (SPEC §3). */
export interface AssertionSpec {
  type: string
  /** Expected value; when absent the case's expectation fields are used. */
  value?: unknown
  weight?: number
  threshold?: number
  metric?: string
  /** Extra type-specific options (`path` for json-path, `provider` for a judge, …). */
  [key: string]: unknown
}

export interface GateSpec {
  /** Weighted pass rate needed to pass, 0..1. */
  min_pass_rate: number
  /** Non-inferiority margin against the baseline, as a fraction (0.05 = 5 points). */
  margin: number
  /** Significance level of the paired tests. */
  alpha: number
}

export interface ProviderRef {
  provider: string
  model?: string
  [key: string]: unknown
}

export interface EvaluationSpec {
  /** Path of the golden JSONL dataset, relative to the prompt file. */
  dataset: string
  /** Mock outputs for offline runs (JSONL of `{id, output}`), relative to the prompt file. */
  fixtures?: string
  /** Judge for `llm-rubric` assertions; never the model under test by default. */
  judge?: ProviderRef
  /** Embeddings provider for `similar` assertions. */
  embeddings?: ProviderRef
  assertions: AssertionSpec[]
  gate: GateSpec
}

/** A prompt definition after normalization. Digest covers everything except `evaluation`. */
export interface PromptDefinition {
  name: string
  version: number
  description?: string
  tags: string[]
  owners: string[]
  inputs: Record<string, InputSpec>
  model: ModelSettings
  /** Exactly one of `template` (text prompt) and `messages` (chat prompt) is set. */
  template?: string
  messages?: ChatMessage[]
  output?: OutputContract
  budget?: Budget
  evaluation?: EvaluationSpec
}

export type PromptKind = 'text' | 'chat'

export function promptKind(def: Pick<PromptDefinition, 'messages'>): PromptKind {
  return def.messages ? 'chat' : 'text'
}

/** What rendering a prompt produces: a string for text prompts, messages for chat prompts. */
export type RenderedPrompt =
  | { kind: 'text'; text: string }
  | { kind: 'chat'; messages: ChatMessage[] }
