/**
 * Token counting for budgets (`budget.max_input_tokens`), with the tokenizer of the model's family.
 * Non-OpenAI models are counted with cl100k_base, a close-enough estimate for a budget check.
 * @module
 */
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base'
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base'
import type { Budget, ChatMessage, RenderedPrompt } from './model'

export type TokenEncoding = 'o200k_base' | 'cl100k_base'

/** Special-token text (`<|endoftext|>`) in user input is counted as plain text, never rejected. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() }

/** Per-message framing of the Chat Completions format (role and separators). */
const TOKENS_PER_MESSAGE = 3
/** Every reply is primed with `<|start|>assistant<|message|>`. */
const TOKENS_PER_REPLY = 3

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

function count(text: string, encoding: TokenEncoding): number {
  return encoding === 'o200k_base' ? countO200k(text, PLAIN_TEXT) : countCl100k(text, PLAIN_TEXT)
}

/**
 * Counts tokens of a text, or of chat messages including the per-message framing.
 * @example countTokens('Summarize this ticket', 'gpt-4o') // 4
 */
export function countTokens(input: string | readonly ChatMessage[], model?: string): number {
  const encoding = encodingForModel(model)
  if (typeof input === 'string') return count(input, encoding)
  let total = TOKENS_PER_REPLY
  for (const m of input)
    total += TOKENS_PER_MESSAGE + count(m.role, encoding) + count(m.content, encoding)
  return total
}

export interface BudgetCheck {
  /** Tokens of the rendered input. */
  tokens: number
  /** `budget.max_input_tokens`, when set. */
  limit?: number
  /** False only when a limit is set and exceeded. */
  ok: boolean
}

/**
 * Checks a rendered prompt against `budget.max_input_tokens`.
 * @example checkBudget({ kind: 'text', text: 'hi' }, { max_input_tokens: 1 }, 'gpt-4o').ok // false
 */
export function checkBudget(
  rendered: RenderedPrompt | string,
  budget: Budget | undefined,
  model?: string,
): BudgetCheck {
  const input =
    typeof rendered === 'string'
      ? rendered
      : rendered.kind === 'text'
        ? rendered.text
        : rendered.messages
  const tokens = countTokens(input, model)
  const limit = budget?.max_input_tokens
  return limit === undefined ? { tokens, ok: true } : { tokens, limit, ok: tokens <= limit }
}
