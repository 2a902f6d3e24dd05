/**
 * Runs a JSON Schema by interpreting it (@cfworker/json-schema): no code is generated from the
 * schema, so it works where JavaScript code generation is off (Cloudflare Workers, strict-CSP
 * pages, `node:vm` with `codeGeneration: { strings: false }`), and `pattern`/`patternProperties`
 * are matched by the linear-time engine of `linear-regex.ts`.
 * @module
 */
import {
  dereference,
  type OutputUnit,
  type Schema,
  type SchemaDraft,
  setPatternEngine,
  validate,
} from '@cfworker/json-schema'
import { linearRegex } from './linear-regex'

/** One schema, ready to check instances against. */
export interface InterpretedSchema {
  /** Every problem of `instance` (empty when valid), in the library's output units. */
  errors(instance: unknown): OutputUnit[]
  /** The value at an error's `keywordLocation` (following `$ref`s), e.g. a `pattern`'s text. */
  keywordValue(keywordLocation: string): unknown
  /** `$ref`s that name nothing: where each is (a JSON pointer into the schema) and what it says. */
  unresolvedRefs(): Array<{ pointer: string; ref: string }>
}

const compilePattern = (pattern: string) => linearRegex(pattern, 'u')

/**
 * Prepares `schema` (and the `documents` its `$ref`s may name by `$id`) for validation.
 * The schema is copied first: resolving references marks the objects it walks.
 * @throws Error when two documents claim the same URI
 * @example interpretSchema({ type: 'string' }, '7').errors(1)[0]?.keyword // "type"
 */
export function interpretSchema(
  schema: unknown,
  draft: SchemaDraft,
  documents: readonly object[] = [],
): InterpretedSchema {
  const root = (typeof schema === 'object' && schema !== null ? structuredClone(schema) : schema) as
    | Schema
    | boolean
  const lookup: Record<string, Schema | boolean> = Object.create(null)
  for (const doc of documents) dereference(doc as Schema, lookup)
  dereference(root, lookup)
  setPatternEngine(lookup, compilePattern)
  return {
    errors: (instance) => validate(instance, root, draft, lookup, false).errors,
    keywordValue(keywordLocation) {
      let node: unknown = root
      for (const raw of keywordLocation.split('/').slice(1)) {
        if (typeof node !== 'object' || node === null) return undefined
        const here = node as Schema
        if (raw === '$ref') node = lookup[here.__absolute_ref__ ?? (here.$ref as string)]
        // `$recursiveRef: "#"` lands on the outermost schema with `$recursiveAnchor`: the root.
        else if (raw === '$recursiveRef') node = root
        else {
          const key = decodeSegment(raw)
          node = Object.hasOwn(here, key) ? here[key] : undefined
        }
      }
      return node
    },
    unresolvedRefs() {
      const out: Array<{ pointer: string; ref: string }> = []
      const seen = new Set<unknown>()
      // Each subschema is listed under its JSON-pointer URI first (anchors come later).
      for (const [uri, node] of Object.entries(lookup)) {
        if (typeof node !== 'object' || seen.has(node)) continue
        seen.add(node)
        const ref = node.__absolute_ref__
        if (ref !== undefined && lookup[ref] === undefined) {
          const hash = uri.indexOf('#')
          out.push({ pointer: hash === -1 ? '' : uri.slice(hash + 1), ref: String(node.$ref) })
        }
      }
      return out
    },
  }
}

/** One segment of a JSON pointer as the library writes it (URI-encoded, `~` escapes). */
export function decodeSegment(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~')
}
