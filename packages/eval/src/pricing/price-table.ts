/**
 * List prices of common hosted models, USD per 1M tokens, standard tier, short context.
 * Kept free of Node-only imports: the registry's telemetry ingest reuses it.
 * @module
 */

/** USD per 1M tokens. */
export interface ModelPrice {
  input: number
  output: number
  /** Input read from the provider's prompt cache. Defaults to `input`. */
  cachedInput?: number
  /** Input written to the prompt cache (Anthropic). Defaults to `input`. */
  cacheWrite?: number
}

/** When the table was last checked against the vendors' pricing pages. */
export const PRICE_TABLE_DATE = '2025-11-15'

/**
 * Keys are model ids without date suffixes; `findModelPrice` matches dated snapshots
 * (`gpt-4o-mini-2024-07-18`) to the longest key that prefixes them. A snapshot priced
 * differently from its family gets its own key (`gpt-4o-2024-05-13`).
 */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5.1': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-2024-05-13': { input: 5, output: 15 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-4': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  o1: { input: 15, cachedInput: 7.5, output: 60 },
  'o1-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o1-pro': { input: 150, output: 600 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o3-pro': { input: 20, output: 80 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 },
  // Anthropic: cache writes (5-minute TTL) cost 1.25× input, cache reads 0.1×.
  'claude-opus-4-5': { input: 5, cacheWrite: 6.25, cachedInput: 0.5, output: 25 },
  'claude-opus-4': { input: 15, cacheWrite: 18.75, cachedInput: 1.5, output: 75 },
  'claude-sonnet-4': { input: 3, cacheWrite: 3.75, cachedInput: 0.3, output: 15 },
  'claude-haiku-4-5': { input: 1, cacheWrite: 1.25, cachedInput: 0.1, output: 5 },
  'claude-3-7-sonnet': { input: 3, cacheWrite: 3.75, cachedInput: 0.3, output: 15 },
  'claude-3-5-sonnet': { input: 3, cacheWrite: 3.75, cachedInput: 0.3, output: 15 },
  'claude-3-5-haiku': { input: 0.8, cacheWrite: 1, cachedInput: 0.08, output: 4 },
  'claude-3-opus': { input: 15, cacheWrite: 18.75, cachedInput: 1.5, output: 75 },
  'claude-3-sonnet': { input: 3, output: 15 },
  'claude-3-haiku': { input: 0.25, cacheWrite: 0.3, cachedInput: 0.03, output: 1.25 },
}
