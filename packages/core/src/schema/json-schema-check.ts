/**
 * Checks that an `output.schema` is a JSON Schema ajv can compile (draft-07, 2019-09 or 2020-12,
 * chosen by `$schema`).
 * @module
 */
import type { JsonSchema } from '../model'
import { ajvForSchema } from './schema-validator'

export interface JsonSchemaProblem {
  /** JSON-pointer-ish path inside the schema, as path segments. */
  path: Array<string | number>
  message: string
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
  const ajv = ajvForSchema(schema)
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
