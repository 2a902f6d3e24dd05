export { DEFAULT_GATE } from './normalize'
export {
  normalizePrompt,
  type ParsePromptOptions,
  type ParsePromptResult,
  parsePromptObject,
  parsePromptSource,
} from './parse-prompt'
