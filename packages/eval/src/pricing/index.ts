/**
 * `@canon/eval/pricing`: the model price table alone, safe to import outside Node.
 * @module
 */
export type { CostOptions } from './estimate-cost'
export { estimateCost, findModelPrice, normalizeModelId } from './estimate-cost'
export type { ModelPrice } from './price-table'
export { PRICE_TABLE, PRICE_TABLE_DATE } from './price-table'
