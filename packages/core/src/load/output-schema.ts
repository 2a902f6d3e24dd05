/**
 * Resolves `output.schema`: an inline JSON Schema, or a file read relative to the prompt file,
 * and checks it compiles.
 * @module
 */
import yaml from 'js-yaml'
import type { Diagnostic } from '../diagnostics'
import type { JsonSchema } from '../model'
import { checkJsonSchema } from '../schema/json-schema-check'
import type { PromptFile } from '../schema/prompt-file-schema'
import { type CheckContext, diagnostic, isRecord, positionOf } from './context'

type SchemaSpec = NonNullable<NonNullable<PromptFile['output']>['schema']>

export interface ResolvedSchema {
  schema?: JsonSchema
  diagnostics: Diagnostic[]
}

function fileRef(spec: SchemaSpec): string | undefined {
  if (typeof spec === 'string') return spec
  if (isRecord(spec) && typeof spec.file === 'string' && Object.keys(spec).length === 1)
    return spec.file
  return undefined
}

function readSchemaFile(rel: string, ctx: CheckContext): { schema?: JsonSchema; error?: string } {
  if (!ctx.readFile) {
    return {
      error: `output.schema refers to ${rel}, but files cannot be read here; inline the schema`,
    }
  }
  let text: string | undefined
  try {
    text = ctx.readFile(rel)
  } catch (err) {
    return {
      error: `output.schema: cannot read ${rel}: ${err instanceof Error ? err.message : String(err)}`,
    }
  }
  if (text === undefined) return { error: `output.schema: cannot read ${rel} (no such file)` }
  let parsed: unknown
  try {
    parsed = /\.ya?ml$/i.test(rel)
      ? yaml.load(text, { schema: yaml.CORE_SCHEMA })
      : JSON.parse(text)
  } catch (err) {
    return {
      error: `output.schema: ${rel} is not valid ${/\.ya?ml$/i.test(rel) ? 'YAML' : 'JSON'}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    }
  }
  if (!isRecord(parsed) && typeof parsed !== 'boolean') {
    return { error: `output.schema: ${rel} must hold a JSON Schema object` }
  }
  return { schema: parsed }
}

export function resolveOutputSchema(
  spec: SchemaSpec | undefined,
  ctx: CheckContext,
): ResolvedSchema {
  if (spec === undefined) return { diagnostics: [] }
  const at = positionOf(ctx, ['output', 'schema'])
  const rel = fileRef(spec)
  if (rel !== undefined) {
    const { schema, error } = readSchemaFile(rel, ctx)
    if (error !== undefined || schema === undefined) {
      return {
        diagnostics: [
          diagnostic(ctx, at, 'error', 'output-schema', error ?? 'output.schema is empty'),
        ],
      }
    }
    const problems = checkJsonSchema(schema)
    return problems.length === 0
      ? { schema, diagnostics: [] }
      : {
          diagnostics: problems.map((p) =>
            diagnostic(
              ctx,
              at,
              'error',
              'output-schema',
              `output.schema (${rel}) is not a valid JSON Schema: ${p.message}`,
            ),
          ),
        }
  }
  const schema = spec as JsonSchema
  const problems = checkJsonSchema(schema)
  if (problems.length === 0) return { schema, diagnostics: [] }
  return {
    diagnostics: problems.map((p) =>
      diagnostic(
        ctx,
        positionOf(ctx, ['output', 'schema', ...p.path]),
        'error',
        'output-schema',
        `output.schema is not a valid JSON Schema: ${p.message}`,
      ),
    ),
  }
}
