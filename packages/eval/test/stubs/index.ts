/**
 * `@canon/eval/testing`: stub provider servers speaking the real wire formats, and a manual
 * clock for retry tests. For tests and benches; not for production code.
 * @module
 */
export type { ManualClock } from '../../src/http/clock'
export { manualClock } from '../../src/http/clock'
export { anthropicDialect, startAnthropicStub } from './anthropic-stub'
export { openaiDialect, startOpenAIStub } from './openai-stub'
export type {
  Dialect,
  RecordedRequest,
  ReplyContext,
  StubOptions,
  StubServer,
  StubStep,
  StubUsage,
} from './stub-server'
export { startStub, stubTokens } from './stub-server'
