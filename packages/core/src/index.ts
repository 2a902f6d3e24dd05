export * from './diagnostics'
export * from './errors'
export * from './model'
export * from './template'
export { canonicalJson, promptDigest, sha256Hex } from './digest'
export {
  DEFAULT_GATE,
  normalizePrompt,
  type ParsePromptOptions,
  type ParsePromptResult,
  parsePromptObject,
  parsePromptSource,
} from './load'
export { redactSecret, SECRET_KIND_LABELS, type SecretKind, type SecretMatch, scanSecrets } from './secrets'
export { type BudgetCheck, checkBudget, countTokens, encodingForModel, type TokenEncoding } from './tokens'
export {
  type Located,
  type PathSegment,
  type PositionNode,
  PositionTree,
  type SourcePosition,
} from './yaml'
