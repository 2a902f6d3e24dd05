/**
 * The JSON Schema drafts Canon accepts in `output.schema`, chosen by `$schema` (draft-07 when
 * absent), with the official meta-schemas (`./meta/`, as published by json-schema.org) that
 * check a schema is itself valid.
 * @module
 */
import type { SchemaDraft } from '@cfworker/json-schema'
import applicator2019 from './meta/2019-09/applicator.json'
import content2019 from './meta/2019-09/content.json'
import core2019 from './meta/2019-09/core.json'
import format2019 from './meta/2019-09/format.json'
import metaData2019 from './meta/2019-09/meta-data.json'
import schema2019 from './meta/2019-09/schema.json'
import validation2019 from './meta/2019-09/validation.json'
import applicator2020 from './meta/2020-12/applicator.json'
import content2020 from './meta/2020-12/content.json'
import core2020 from './meta/2020-12/core.json'
import format2020 from './meta/2020-12/format-annotation.json'
import metaData2020 from './meta/2020-12/meta-data.json'
import schema2020 from './meta/2020-12/schema.json'
import unevaluated2020 from './meta/2020-12/unevaluated.json'
import validation2020 from './meta/2020-12/validation.json'
import draft07 from './meta/draft-07.json'

/** A draft Canon accepts: what the validator is told, and the meta-schema documents. */
export interface Draft {
  draft: SchemaDraft
  /** The meta-schema first, then the documents it refers to. */
  metaSchemas: readonly object[]
}

/**
 * The 2020-12 meta-schemas recurse through `$dynamicRef: "#meta"`, which the validator does not
 * implement. For a schema checked against the 2020-12 meta-schema itself, every `#meta` anchor
 * resolves to that meta-schema, so a static `$ref` to it means the same.
 */
function staticMeta(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(staticMeta)
  if (typeof node !== 'object' || node === null) return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === '$dynamicRef') out.$ref = 'https://json-schema.org/draft/2020-12/schema'
    else if (key !== '$dynamicAnchor') out[key] = staticMeta(value)
  }
  return out
}

const DRAFT_07: Draft = { draft: '7', metaSchemas: [draft07] }
const DRAFT_2019: Draft = {
  draft: '2019-09',
  metaSchemas: [
    schema2019,
    core2019,
    applicator2019,
    validation2019,
    metaData2019,
    format2019,
    content2019,
  ],
}
const DRAFT_2020: Draft = {
  draft: '2020-12',
  metaSchemas: [
    schema2020,
    core2020,
    applicator2020,
    unevaluated2020,
    validation2020,
    metaData2020,
    format2020,
    content2020,
  ].map((doc) => staticMeta(doc) as object),
}

const BY_URI: Record<string, Draft> = {
  'http://json-schema.org/draft-07/schema': DRAFT_07,
  'https://json-schema.org/draft/2019-09/schema': DRAFT_2019,
  'https://json-schema.org/draft/2020-12/schema': DRAFT_2020,
}

/** The `$schema` a schema declares, or undefined. */
export function declaredSchema(schema: unknown): unknown {
  return typeof schema === 'object' && schema !== null
    ? (schema as { $schema?: unknown }).$schema
    : undefined
}

/**
 * The draft a schema is written in: its `$schema` (with or without a trailing `#`, http or
 * https), draft-07 when it has none; undefined for a `$schema` Canon does not support.
 * @example draftOf({ $schema: 'https://json-schema.org/draft/2020-12/schema' })?.draft // "2020-12"
 */
export function draftOf(schema: unknown): Draft | undefined {
  const declared = declaredSchema(schema)
  if (declared === undefined) return DRAFT_07
  if (typeof declared !== 'string') return undefined
  const uri = declared
    .replace(/#$/, '')
    .replace(/^https?:\/\/json-schema\.org\/draft-07\//, 'http://json-schema.org/draft-07/')
  return BY_URI[uri] ?? BY_URI[uri.replace(/^http:/, 'https:')]
}
