import type { ModelPrice } from './price-table'
import { PRICE_TABLE } from './price-table'

/** Characters that may follow a table key in a longer model id: `-2024-07-18`, `@20241022`, `:0`. */
const BOUNDARY = /^[-@:]/

/**
 * The price-table key for a model id: lower case, without a routing prefix (`openai/`,
 * `anthropic.`, `us.anthropic.`), and with Claude's dotted versions dashed
 * (`claude-3.5-sonnet` → `claude-3-5-sonnet`).
 */
export function normalizeModelId(model: string): string {
  let id = model.trim().toLowerCase()
  id = id.slice(id.lastIndexOf('/') + 1)
  id = id.replace(/^(?:[a-z]{2}\.)?anthropic\./, '')
  if (id.startsWith('claude')) id = id.replace(/(\d)\.(\d)/g, '$1-$2')
  return id
}

/**
 * Price of a model: exact key, else the longest key that prefixes it at a `-`, `@` or `:`.
 * @example findModelPrice('gpt-4o-mini-2024-07-18')?.key // 'gpt-4o-mini'
 */
export function findModelPrice(
  model: string,
  table: Readonly<Record<string, ModelPrice>> = PRICE_TABLE,
): { key: string; price: ModelPrice } | undefined {
  const id = normalizeModelId(model)
  const exact = table[id]
  if (exact) return { key: id, price: exact }
  let best: string | undefined
  for (const key of Object.keys(table)) {
    if (!id.startsWith(key) || !BOUNDARY.test(id.slice(key.length))) continue
    if (best === undefined || key.length > best.length) best = key
  }
  return best === undefined ? undefined : { key: best, price: table[best] as ModelPrice }
}

export interface CostOptions {
  /** Part of `inputTokens` read from the provider's prompt cache. */
  cacheReadTokens?: number
  /** Part of `inputTokens` written to the provider's prompt cache. */
  cacheWriteTokens?: number
  /** Use this price instead of the table (self-hosted models, negotiated rates). */
  price?: ModelPrice
}

function clamp(n: number | undefined, max: number): number {
  return Math.min(Math.max(n ?? 0, 0), max)
}

/**
 * USD for one call, or `undefined` when the model's price is unknown (never a silent 0).
 * `inputTokens` is the whole prompt; cache reads/writes are parts of it billed at their rates.
 * @example estimateCost('gpt-4o-mini', 1_000_000, 0) // 0.15
 */
export function estimateCost(
  model: string,
  inputTokens: number,
  outputTokens: number,
  opts: CostOptions = {},
): number | undefined {
  const price = opts.price ?? findModelPrice(model)?.price
  if (!price) return undefined
  const input = Math.max(inputTokens, 0)
  const read = clamp(opts.cacheReadTokens, input)
  const write = clamp(opts.cacheWriteTokens, input - read)
  const usd =
    (input - read - write) * price.input +
    read * (price.cachedInput ?? price.input) +
    write * (price.cacheWrite ?? price.input) +
    Math.max(outputTokens, 0) * price.output
  return usd / 1_000_000
}
