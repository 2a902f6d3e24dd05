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

/** `pattern` / `patternProperties` regexes that would only fail when the schema is compiled. */
function invalidPatterns(node: unknown, path: Array<string | number>): JsonSchemaProblem[] {
  if (typeof node !== 'object' || node === null) return []
  const out: JsonSchemaProblem[] = []
  const tryRegex = (source: string, at: Array<string | number>, what: string) => {
    try {
      new RegExp(source, 'u')
    } catch (err) {
      out.push({
        path: at,
        message: `${what} is not a valid regular expression: ${(err as Error).message}`,
      })
    }
  }
  for (const [key, value] of Object.entries(node)) {
    const at = [...path, Array.isArray(node) ? Number(key) : key]
    if (key === 'pattern' && typeof value === 'string' && !Array.isArray(node))
      tryRegex(value, at, 'pattern')
    if (key === 'patternProperties' && typeof value === 'object' && value !== null) {
      for (const re of Object.keys(value)) tryRegex(re, [...at, re], 'patternProperties key')
    }
    out.push(...invalidPatterns(value, at))
  }
  return out
}

/**
 * Problems that stop `schema` from being used to validate outputs; empty when it compiles.
 * @example checkJsonSchema({ type: 'objekt' })[0]?.message // "type must be equal to one of the allowed values"
 */
export function checkJsonSchema(schema: JsonSchema): JsonSchemaProblem[] {
  const ajv = ajvFor(schema)
  let valid: boolean
  try {
    valid = ajv.validateSchema(schema) as boolean
  } catch {
    // validateSchema throws when `$schema` names a meta-schema ajv does not have.
    const declared = typeof schema === 'object' ? String(schema.$schema) : ''
    return [
      {
        path: ['$schema'],
        message: `$schema ${JSON.stringify(declared)} is not supported; use draft-07, 2019-09 or 2020-12`,
      },
    ]
  }
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
  const badPattern = invalidPatterns(schema, [])
  if (badPattern.length > 0) return badPattern
  // Compiling costs milliseconds (code generation), and the meta-schema check above already
  // catches everything but unresolvable `$ref`s, so only schemas with a `$ref` are compiled.
  if (!JSON.stringify(schema).includes('"$ref"')) return []
  try {
    ajv.compile(schema)
    return []
  } catch (err) {
    return [{ path: [], message: err instanceof Error ? err.message : String(err) }]
  } finally {
    // Forget it (and its `$id`) so the next file may use the same `$id`.
    ajv.removeSchema(schema)
  }
}
