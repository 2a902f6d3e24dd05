/**
 * Runtime verification of model output against a prompt's `output.schema` (SPEC §5), with ajv:
 * draft-07 by default, 2019-09 or 2020-12 when the schema's `$schema` says so.
 * @module
 */
import { CanonError, type PromptDefinition } from '@canon/core'
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import Ajv2019 from 'ajv/dist/2019'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'

/** The outcome of checking one output. */
export type ParseResult<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; errors: string[]; value?: unknown }

/** Checks outputs of one prompt version. */
export interface OutputValidator {
  check(output: unknown): ParseResult
}

type AnyAjv = InstanceType<typeof Ajv>
const instances = new Map<string, AnyAjv>()

function ajvFor(schema: unknown): AnyAjv {
  const declared =
    typeof schema === 'object' &&
    schema !== null &&
    typeof (schema as { $schema?: unknown }).$schema === 'string'
      ? (schema as { $schema: string }).$schema
      : ''
  const draft = declared.includes('2020-12') ? '2020' : declared.includes('2019-09') ? '2019' : '07'
  let ajv = instances.get(draft)
  if (!ajv) {
    const options = { allErrors: true, strict: false }
    ajv =
      draft === '2020'
        ? new Ajv2020(options)
        : draft === '2019'
          ? new Ajv2019(options)
          : new Ajv(options)
    addFormats(ajv as Parameters<typeof addFormats>[0])
    instances.set(draft, ajv)
  }
  return ajv
}

/** The validator of a definition's `output.schema`, or undefined when it has none. */
export function outputValidator(def: PromptDefinition): OutputValidator | undefined {
  const schema = def.output?.schema
  if (schema === undefined) return undefined
  let validate: ValidateFunction
  try {
    validate = ajvFor(schema).compile(schema as object)
  } catch (err) {
    throw new CanonError(
      'VALIDATION_FAILED',
      `prompt ${def.name} v${def.version}: output.schema does not compile: ${(err as Error).message}`,
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
      if (validate(value)) return { ok: true, value }
      return { ok: false, errors: (validate.errors ?? []).map(describe), value }
    },
  }
}

/** Models often wrap JSON in a Markdown code fence; the schema is about what is inside. */
function stripFence(text: string): string {
  const match = /^\s*```[a-zA-Z0-9_-]*\s*\n([\s\S]*?)\n?```\s*$/.exec(text)
  return match ? (match[1] as string) : text
}

function describe(e: ErrorObject): string {
  const at = e.instancePath === '' ? '(root)' : e.instancePath
  if (e.keyword === 'additionalProperties') {
    return `${at}: unexpected property \`${(e.params as { additionalProperty: string }).additionalProperty}\``
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues
    return `${at}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
  }
  return `${at}: ${e.message ?? e.keyword}`
}
