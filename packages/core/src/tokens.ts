/**
 * Token counting for budgets (`budget.max_input_tokens`), with the tokenizer of the model's family.
 * Non-OpenAI models are counted with cl100k_base, a close-enough estimate for a budget check.
 * @module
 */
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base'
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base'
import type { Budget, ChatMessage, RenderedPrompt } from './model'
import {
  countFramed,
  encodingForModel,
  PLAIN_TEXT,
  type TokenEncoding,
  tokenInput,
} from './token-counting'

export { encodingForModel, type TokenEncoding } from './token-counting'

function count(text: string, encoding: TokenEncoding): number {
  return encoding === 'o200k_base' ? countO200k(text, PLAIN_TEXT) : countCl100k(text, PLAIN_TEXT)
}

/**
 * Counts tokens of a text, or of chat messages including the per-message framing.
 * @example countTokens('Summarize this ticket', 'gpt-4o') // 4
 */
export function countTokens(input: string | readonly ChatMessage[], model?: string): number {
  const encoding = encodingForModel(model)
  return countFramed(input, (text) => count(text, encoding))
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
  const input = tokenInput(rendered)
  const tokens = countTokens(input, model)
  const limit = budget?.max_input_tokens
  return limit === undefined ? { tokens, ok: true } : { tokens, limit, ok: tokens <= limit }
}
