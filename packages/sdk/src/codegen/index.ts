/**
 * `@canon/sdk/codegen`: the types `canon codegen` writes for `@canon/sdk`.
 * @module
 */
export { type GenerateTypesOptions, generatePromptTypes } from './generate-types'
