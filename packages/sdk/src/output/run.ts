/**
 * `prompt.run(vars, callModel)`: call the model, check its output against `output.schema`, and
 * re-ask with the validation errors up to `output.retries` times (SPEC §5).
 * @module
 */
import { CanonError, type ChatMessage } from '@canon/core'
import { extractText, extractUsage, type TokenUsage } from '../telemetry/usage'
import type { OutputValidator } from './validate-output'

/** What `callModel` gets on each attempt. */
export interface ModelRequest {
  /** The conversation so far: the rendered prompt, then earlier replies and corrections. */
  messages: ChatMessage[]
  /** The rendered text of a text prompt (attempt 1 sends it alone). */
  text?: string
  /** 1 for the first call, 2 for the first re-ask, … */
  attempt: number
  /** Why the previous reply was rejected (attempts after the first). */
  errors?: string[]
}

/**
 * What `callModel` returns: the reply text, or a provider response (OpenAI, Anthropic, AI SDK)
 * the SDK reads the text and usage from.
 */
export type ModelReply = string | object

/** The outcome of `prompt.run`. */
export interface RunResult<T> {
  /** The parsed output, valid against `output.schema`. */
  value: T
  /** The reply text that passed. */
  output: string
  attempts: number
  /** Tokens summed over every attempt, when the replies reported them. */
  usage?: TokenUsage
}

export interface RunOptions {
  /** Re-asks after the first call; default `output.retries` of the prompt. */
  retries?: number
}

/** Runs the loop for one rendered prompt. */
export async function runWithRetries<T>(
  id: string,
  first: { messages: ChatMessage[]; text?: string },
  validator: OutputValidator | undefined,
  retries: number,
  callModel: (request: ModelRequest) => ModelReply | Promise<ModelReply>,
): Promise<RunResult<T>> {
  let messages = first.messages
  let errors: string[] | undefined
  let usage: TokenUsage | undefined
  for (let attempt = 1; ; attempt++) {
    const request: ModelRequest = { messages, attempt }
    if (attempt === 1 && first.text !== undefined) request.text = first.text
    if (errors) request.errors = errors
    const reply = await callModel(request)
    const replyUsage = extractUsage(reply)
    if (replyUsage) usage = addUsage(usage, replyUsage)
    const text = extractText(reply)
    if (text === undefined) {
      throw new CanonError(
        'BAD_REQUEST',
        `prompt ${id}: callModel must return the reply text or a provider response with text, got ${typeof reply}`,
      )
    }
    if (!validator) return done(text as T, text, attempt, usage)
    const result = validator.check(text)
    if (result.ok) return done(result.value as T, text, attempt, usage)
    errors = result.errors
    if (attempt > retries) {
      throw new CanonError(
        'VALIDATION_FAILED',
        `prompt ${id}: the output does not match output.schema after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${errors.join('; ')}`,
        { details: { errors, output: text, attempts: attempt } },
      )
    }
    messages = [
      ...messages,
      { role: 'assistant', content: text },
      { role: 'user', content: correction(errors) },
    ]
  }
}

function correction(errors: string[]): string {
  return `Your reply does not match the required output format:\n${errors.map((e) => `- ${e}`).join('\n')}\nReply again with only the corrected JSON, nothing else.`
}

function addUsage(a: TokenUsage | undefined, b: TokenUsage): TokenUsage {
  if (!a) return { ...b }
  const sum: TokenUsage = {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
  }
  if (a.cacheReadTokens !== undefined || b.cacheReadTokens !== undefined) {
    sum.cacheReadTokens = (a.cacheReadTokens ?? 0) + (b.cacheReadTokens ?? 0)
  }
  return sum
}

function done<T>(
  value: T,
  output: string,
  attempts: number,
  usage: TokenUsage | undefined,
): RunResult<T> {
  return usage ? { value, output, attempts, usage } : { value, output, attempts }
}
