import type { ChatMessage, JsonSchema, ModelSettings, RenderedPrompt } from '@canon/core'
import { CanonError } from '@canon/core'
import type { CompletionParams, CompletionRequest } from './types'

/**
 * Messages for a rendered prompt: a text prompt becomes one `user` message.
 * @example toMessages({ kind: 'text', text: 'Hi' }) // [{ role: 'user', content: 'Hi' }]
 */
export function toMessages(rendered: RenderedPrompt): ChatMessage[] {
  if (rendered.kind === 'text') return [{ role: 'user', content: rendered.text }]
  return rendered.messages.map((m) => ({ role: m.role, content: m.content }))
}

/** Settings keys that say which model to call rather than how to sample. */
const NOT_PARAMS = new Set(['provider', 'name', 'model'])

/**
 * Sampling parameters from a prompt's `model:` block. With an output schema and no explicit
 * `response_format`, asks for JSON matching the schema (json mode).
 * @example paramsFromSettings({ name: 'gpt-4o', temperature: 0 }) // { temperature: 0 }
 */
export function paramsFromSettings(
  settings: ModelSettings,
  outputSchema?: JsonSchema,
): CompletionParams {
  const params: CompletionParams = {}
  for (const [key, value] of Object.entries(settings)) {
    if (NOT_PARAMS.has(key) || value === undefined || value === null) continue
    params[key] = value
  }
  if (outputSchema !== undefined && params.response_format === undefined) {
    params.response_format = { type: 'json_schema', name: 'output', schema: outputSchema }
  }
  return params
}

export interface BuildRequestInput {
  /** The prompt's `model:` block. */
  settings: ModelSettings
  rendered: RenderedPrompt
  /** The prompt's `output.schema`, if any: turns on json mode. */
  outputSchema?: JsonSchema
  /** Overrides `settings.name` (e.g. `canon eval --model`). */
  model?: string
}

/**
 * The request for one dataset case.
 * @example buildCompletionRequest({ settings: def.model, rendered, outputSchema: def.output?.schema })
 */
export function buildCompletionRequest(input: BuildRequestInput): CompletionRequest {
  const model = input.model ?? input.settings.name
  if (typeof model !== 'string' || model === '') {
    throw new CanonError(
      'CONFIG_INVALID',
      'no model to call: set `model.name` in the prompt or pass a model to the provider',
    )
  }
  return {
    model,
    messages: toMessages(input.rendered),
    params: paramsFromSettings(input.settings, input.outputSchema),
  }
}
