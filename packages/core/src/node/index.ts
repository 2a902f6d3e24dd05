/**
 * `@canon/core/node`: loading prompt files from disk. Node-only; the rest of `@canon/core` runs in
 * any runtime.
 * @module
 */
export { findPromptFiles, looksLikePrompt } from './find-prompt-files'
export { type LoadedPromptFile, loadPromptFile } from './load-prompt-file'
export { MAX_PROMPT_FILE_BYTES } from './read-prompt-text'
export { type DecodeResult, decodeUtf8 } from './utf8'
export {
  type ValidatedFile,
  type ValidateOptions,
  type ValidationResult,
  validatePaths,
} from './validate-paths'
