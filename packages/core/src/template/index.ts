/**
 * Templates: analysis (variables, syntax, safety) and strict, sandboxed rendering.
 * @module
 */
export { analyzeTemplate, type TemplateAnalysis } from './analyze-template'
export { checkInputs, type InputChecker, inputChecker } from './check-inputs'
export { type CompiledPrompt, compilePrompt } from './compile-prompt'
export { type CompiledTemplate, compileTemplate } from './compile-template'
export type { TemplateOrigin } from './parse-template'
