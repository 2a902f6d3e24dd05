/**
 * Checks that an `output.schema` is a JSON Schema Canon can use (draft-07, 2019-09 or 2020-12,
 * chosen by `$schema`): valid against its draft's meta-schema, every regular expression
 * matchable in linear time, every `$ref` resolvable. All of it by interpretation, no code
 * generation (see `interpret-schema.ts`).
 * @module
 */
import type { JsonSchema } from '../model'
import { schemaProblems } from './describe-schema-error'
import { decodeSegment, type InterpretedSchema, interpretSchema } from './interpret-schema'
import { linearRegexProblem } from './linear-regex'
import { type Draft, declaredSchema, draftOf } from './meta-schemas'

export interface JsonSchemaProblem {
  /** Path inside the schema, as segments (array indexes as numbers). */
  path: Array<string | number>
  message: string
}

/** Keywords whose values are data, not schemas: a `pattern` key inside is not a pattern. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples'])

/** Regexes RE2 cannot run, and keywords the validator does not implement. */
function walkProblems(node: unknown, path: Array<string | number>): JsonSchemaProblem[] {
  if (typeof node !== 'object' || node === null) return []
  const out: JsonSchemaProblem[] = []
  const isArray = Array.isArray(node)
  for (const [key, value] of Object.entries(node)) {
    const at = [...path, isArray ? Number(key) : key]
    if (!isArray && DATA_KEYWORDS.has(key)) continue
    if (!isArray && key === 'pattern' && typeof value === 'string') {
      const problem = linearRegexProblem(value, 'u')
      if (problem) out.push({ path: at, message: `pattern ${problem}` })
    }
    if (!isArray && key === 'patternProperties' && typeof value === 'object' && value !== null) {
      for (const re of Object.keys(value)) {
        const problem = linearRegexProblem(re, 'u')
        if (problem)
          out.push({
            path: [...at, re],
            message: `patternProperties key ${JSON.stringify(re)} ${problem}`,
          })
      }
    }
    if (!isArray && (key === '$dynamicRef' || key === '$dynamicAnchor')) {
      out.push({
        path: at,
        message: `${key} is not supported (Canon's validator has no dynamic references); use $ref`,
      })
    }
    out.push(...walkProblems(value, at))
  }
  return out
}

const metaInterpreters = new Map<Draft, InterpretedSchema>()

function metaInterpreter(draft: Draft): InterpretedSchema {
  let meta = metaInterpreters.get(draft)
  if (!meta) {
    const [root, ...documents] = draft.metaSchemas
    meta = interpretSchema(root, draft.draft, documents)
    metaInterpreters.set(draft, meta)
  }
  return meta
}

const toPath = (segments: string[]) => segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s))

/** Meta-schema problems: the deepest place first said wrong, once per place. */
function metaProblems(schema: JsonSchema, draft: Draft): JsonSchemaProblem[] {
  const meta = metaInterpreter(draft)
  const problems = schemaProblems(meta.errors(schema), meta).filter(
    (p) => p.keyword !== 'anyOf' && p.keyword !== 'oneOf',
  )
  const keys = problems.map((p) => `${p.path.join('/')}/`)
  const seen = new Set<string>()
  const out: JsonSchemaProblem[] = []
  problems.forEach((p, i) => {
    const key = keys[i] as string
    if (seen.has(key)) return
    // A place whose problem comes from inside it (`properties` because of `properties/id`).
    if (keys.some((other) => other !== key && other.startsWith(key))) return
    seen.add(key)
    const subject = p.path.at(-1) ?? 'schema'
    out.push({ path: toPath(p.path), message: `${subject} ${p.message}` })
  })
  return out
}

/**
 * Problems that stop `schema` from being used to validate outputs; empty when it can be used.
 * @example checkJsonSchema({ type: 'objekt' })[0]?.message // 'type must be one of "array", "boolean", …'
 */
export function checkJsonSchema(schema: JsonSchema): JsonSchemaProblem[] {
  const draft = draftOf(schema)
  if (!draft) {
    return [
      {
        path: ['$schema'],
        message: `$schema ${JSON.stringify(declaredSchema(schema))} is not supported; use draft-07, 2019-09 or 2020-12`,
      },
    ]
  }
  const walked = walkProblems(schema, [])
  if (walked.length > 0) return walked
  const meta = metaProblems(schema, draft)
  if (meta.length > 0) return meta
  let interpreted: InterpretedSchema
  try {
    interpreted = interpretSchema(schema, draft.draft)
  } catch (err) {
    // Two subschemas claiming one `$id`.
    return [{ path: [], message: (err as Error).message }]
  }
  return interpreted.unresolvedRefs().map(({ pointer, ref }) => ({
    path: [...toPath(pointer.split('/').slice(1).map(decodeSegment)), '$ref'],
    message: `can't resolve reference ${ref}: nothing in the schema has that location or $id`,
  }))
}
