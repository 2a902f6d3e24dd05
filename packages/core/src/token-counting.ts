/**
 * The tokenizer-free half of token counting: which encoding a model uses, the chat framing, a
 * cheap upper bound, and a counter that loads only the one encoding a model needs. Loading a BPE
 * tokenizer takes seconds on a busy machine, so `canon validate` clears most prompts with the
 * bound and loads a tokenizer only for those it cannot clear. `@canon/core/tokens` builds its
 * synchronous `countTokens` from the same rules.
 * @module
 */
import type { ChatMessage, RenderedPrompt } from './model'

export type TokenEncoding = 'o200k_base' | 'cl100k_base'

/** What a counter counts: a text, or chat messages with their framing. */
export type TokenInput = string | readonly ChatMessage[]

/** Per-message framing of the Chat Completions format (role and separators). */
const TOKENS_PER_MESSAGE = 3
/** Every reply is primed with `<|start|>assistant<|message|>`. */
const TOKENS_PER_REPLY = 3

/** Special-token text (`<|endoftext|>`) in user input is counted as plain text, never rejected. */
export const PLAIN_TEXT = { disallowedSpecial: new Set<string>() }

/**
 * The encoding a model uses: o200k_base for the gpt-4o / gpt-4.1 / gpt-4.5 / gpt-5 / o-series
 * families, cl100k_base otherwise. A `provider/` prefix is ignored.
 * @example encodingForModel('openai/gpt-4o-mini') // 'o200k_base'
 */
export function encodingForModel(model?: string): TokenEncoding {
  const id = (model ?? '').toLowerCase().replace(/^.*\//, '')
  return /^(?:gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o\d)(?:$|[-.:_])/.test(id)
    ? 'o200k_base'
    : 'cl100k_base'
}

/**
 * A rendered prompt as what a counter counts.
 * @example tokenInput({ kind: 'text', text: 'Hi' }) // 'Hi'
 */
export function tokenInput(rendered: RenderedPrompt | string): TokenInput {
  if (typeof rendered === 'string') return rendered
  return rendered.kind === 'text' ? rendered.text : rendered.messages
}

/**
 * Counts a text with `countText`, or chat messages with `countText` plus the framing.
 * @example countFramed([{ role: 'user', content: 'hi' }], (t) => t.length) // 3 + 3 + 4 + 2
 */
export function countFramed(input: TokenInput, countText: (text: string) => number): number {
  if (typeof input === 'string') return countText(input)
  let total = TOKENS_PER_REPLY
  for (const m of input) total += TOKENS_PER_MESSAGE + countText(m.role) + countText(m.content)
  return total
}

const utf8 = new TextEncoder()

/**
 * At least `countTokens(input, model)` for every model, without a tokenizer: each BPE token
 * covers one byte of UTF-8 or more, so a text has at most as many tokens as bytes.
 * @example tokenUpperBound('Summarize this ticket') // 21 (the exact count is 4)
 */
export function tokenUpperBound(input: TokenInput | RenderedPrompt): number {
  const counted = typeof input === 'object' && 'kind' in input ? tokenInput(input) : input
  return countFramed(counted, (text) => utf8.encode(text).length)
}

/**
 * Loads the one encoding `model` uses and returns its counter (the same counts as
 * `countTokens` of `@canon/core/tokens`, which loads both encodings up front).
 * @example const count = await loadTokenCounter('gpt-4o-mini'); count('Summarize this ticket') // 4
 */
export async function loadTokenCounter(model?: string): Promise<(input: TokenInput) => number> {
  const encoding = encodingForModel(model)
  const { countTokens } =
    encoding === 'o200k_base'
      ? await import('gpt-tokenizer/encoding/o200k_base')
      : await import('gpt-tokenizer/encoding/cl100k_base')
  return (input) => countFramed(input, (text) => countTokens(text, PLAIN_TEXT))
}
