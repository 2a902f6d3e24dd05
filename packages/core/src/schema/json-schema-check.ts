/**
 * Checks that an `output.schema` is a JSON Schema ajv can compile (draft-07, 2019-09 or 2020-12,
 * chosen by `$schema`).
 * @module
 */
import Ajv from 'ajv'
import Ajv2019 from 'ajv/dist/2019'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import type { JsonSchema } from '../model'

export interface JsonSchemaProblem {
  /** JSON-pointer-ish path inside the schema, as path segments. */
  path: Array<string | number>
  message: string
}

type AnyAjv = InstanceType<typeof Ajv>
const instances = new Map<string, AnyAjv>()

function ajvFor(schema: JsonSchema): AnyAjv {
  const declared =
    typeof schema === 'object' && typeof schema.$schema === 'string' ? schema.$schema : ''
  const draft = declared.includes('2020-12') ? '2020' : declared.includes('2019-09') ? '2019' : '07'
  let ajv = instances.get(draft)
  if (!ajv) {
    const options = { allErrors: true, strict: false, validateFormats: true }
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

function pointerToPath(pointer: string): Array<string | number> {
  if (!pointer) return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
}

/**
 * Problems that stop `schema` from being used to validate outputs; empty when it compiles.
 * @example checkJsonSchema({ type: 'objekt' })[0]?.message // "type must be equal to one of the allowed values"
 */
export function checkJsonSchema(schema: JsonSchema): JsonSchemaProblem[] {
  const ajv = ajvFor(schema)
  const valid = ajv.validateSchema(schema)
  if (!valid && ajv.errors) {
    // The meta-schema's anyOf branches report one place several times; the first says it best.
    const seen = new Set<string>()
    const problems: JsonSchemaProblem[] = []
    for (const e of ajv.errors) {
      if (seen.has(e.instancePath)) continue
      seen.add(e.instancePath)
      const path = pointerToPath(e.instancePath)
      const last = path[path.length - 1]
      const subject = last === undefined ? 'schema' : String(last)
      problems.push({ path, message: `${subject} ${e.message ?? 'is invalid'}` })
    }
    return problems
  }
  try {
    // Compiling also resolves `$ref`s, which the meta-schema check does not.
    ajv.compile(schema)
    ajv.removeSchema(schema)
    return []
  } catch (err) {
    return [{ path: [], message: err instanceof Error ? err.message : String(err) }]
  }
}
