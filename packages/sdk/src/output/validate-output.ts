/**
 * Runtime verification of model output against a prompt's `output.schema` (SPEC §5), with
 * core's interpreting validator (no code generation, linear-time patterns): draft-07 by
 * default, 2019-09 or 2020-12 when the schema's `$schema` says so.
 * @module
 */
import {
  CanonError,
  type PromptDefinition,
  type SchemaValidator,
  schemaValidator,
} from '@canon/core'

/** The outcome of checking one output. */
export type ParseResult<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; errors: string[]; value?: unknown }

/** Checks outputs of one prompt version. */
export interface OutputValidator {
  check(output: unknown): ParseResult
}

/** The validator of a definition's `output.schema`, or undefined when it has none. */
export function outputValidator(def: PromptDefinition): OutputValidator | undefined {
  const schema = def.output?.schema
  if (schema === undefined) return undefined
  let validate: SchemaValidator
  try {
    validate = schemaValidator(schema)
  } catch (err) {
    throw new CanonError(
      'VALIDATION_FAILED',
      `prompt ${def.name} v${def.version}: output.schema is not a valid JSON Schema: ${(err as Error).message}`,
      { cause: err },
    )
  }
  return {
    check(output) {
      let value: unknown = output
      if (typeof output === 'string') {
        const text = stripFence(output)
        try {
          value = JSON.parse(text)
        } catch (err) {
          return { ok: false, errors: [`the output is not JSON: ${(err as Error).message}`] }
        }
      }
      const errors = validate(value)
      return errors.length === 0 ? { ok: true, value } : { ok: false, errors, value }
    },
  }
}

/** Models often wrap JSON in a Markdown code fence; the schema is about what is inside. */
function stripFence(text: string): string {
  const match = /^\s*```[a-zA-Z0-9_-]*\s*\n([\s\S]*?)\n?```\s*$/.exec(text)
  return match ? (match[1] as string) : text
}
