export * from './diagnostics'
export { canonicalJson, promptDigest, sha256Hex } from './digest'
export * from './errors'
export {
  DEFAULT_GATE,
  normalizePrompt,
  type ParsePromptOptions,
  type ParsePromptResult,
  parsePromptObject,
  parsePromptSource,
} from './load'
export { UNSAFE_TEXT_CODE } from './load/text-checks'
export * from './model'
export { type LinearRegex, linearRegex, linearRegexProblem } from './schema/linear-regex'
export { type SchemaValidator, schemaValidator } from './schema/schema-validator'
export {
  redactSecret,
  SECRET_KIND_LABELS,
  type SecretKind,
  type SecretMatch,
  scanSecrets,
} from './secrets'
export * from './template'
export {
  describeTextPath,
  findUnsafeText,
  type UnsafeChar,
  type UnsafeText,
  unsafeChar,
  unsafeTextIn,
} from './unsafe-text'
export {
  type Located,
  type PathSegment,
  type PositionNode,
  PositionTree,
  type SourcePosition,
} from './yaml'
