import { estimateCost } from '../pricing/estimate-cost'
import type { ModelPrice } from '../pricing/price-table'
import type { Usage } from './types'

/**
 * USD for a call's usage: by the configured price, else by the reported model (often a dated
 * snapshot), else by the requested one; `undefined` when none is priced.
 */
export function costOf(
  reported: string,
  requested: string,
  usage: Usage,
  price?: ModelPrice,
): number | undefined {
  const extra = { cacheReadTokens: usage.cacheReadTokens, cacheWriteTokens: usage.cacheWriteTokens }
  return (
    estimateCost(reported, usage.inputTokens, usage.outputTokens, { ...extra, price }) ??
    estimateCost(requested, usage.inputTokens, usage.outputTokens, extra)
  )
}
