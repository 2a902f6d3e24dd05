/**
 * Reads the body of `PUT …/versions/{version}`: a prompt file as YAML, a definition as JSON, or a
 * JSON envelope `{definition, evalSummary?, source?}`. Every definition goes through the same
 * `parsePromptSource` as `canon validate`, so the registry accepts exactly what the CLI accepts.
 * @module
 */
import {
  CanonError,
  type ParsePromptResult,
  type PromptDefinition,
  parsePromptObject,
  parsePromptSource,
  UNSAFE_TEXT_CODE,
} from '@canon/core'
import type { EvalSummary } from '@canon/db'
import { z } from '@hono/zod-openapi'

/** What a publish request carries once parsed and validated. */
export interface PublishRequest {
  definition: PromptDefinition
  evalSummary?: EvalSummary
  sourceCommit?: string
  sourcePath?: string
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i
const YAML_TYPE = /^(?:application|text)\/(?:x-)?yaml\s*(?:;|$)/i

/** The media types a publish accepts, for docs and the 415 message. */
export const PUBLISH_MEDIA_TYPES = ['application/json', 'application/yaml'] as const

const Envelope = z.strictObject({
  definition: z.record(z.string(), z.unknown(), { error: 'definition must be an object' }),
  evalSummary: z
    .record(z.string(), z.unknown(), { error: 'evalSummary must be an object' })
    .optional(),
  source: z
    .strictObject({
      commit: z.string().max(1024).optional(),
      path: z.string().max(1024).optional(),
    })
    .optional(),
})

/** A parse position in a request body, as the 422/400 `errors` member lists it. */
export interface BodyError {
  line: number
  col: number
  message: string
  code?: string
}

/**
 * Parses and validates a publish body. Throws `UNSUPPORTED_MEDIA_TYPE` (415), `BAD_REQUEST` (400:
 * empty body, malformed JSON, with its line:col) or `VALIDATION_FAILED` (422, with every error's
 * line:col).
 */
export function parsePublishBody(contentType: string | undefined, text: string): PublishRequest {
  const file = 'request body'
  const type = contentType ?? ''
  const isJson = JSON_TYPE.test(type)
  if (!isJson && !YAML_TYPE.test(type)) {
    throw new CanonError(
      'UNSUPPORTED_MEDIA_TYPE',
      `send the definition as ${PUBLISH_MEDIA_TYPES.join(' or ')} (got ${contentType ? `\`${contentType}\`` : 'no Content-Type'})`,
    )
  }
  if (text.trim() === '') throw new CanonError('BAD_REQUEST', 'request body is empty')
  if (!isJson) return { definition: definitionOf(parsePromptSource(text, file)) }

  const json = parseJson(text)
  if (!isEnvelope(json)) return { definition: definitionOf(parsePromptSource(text, file)) }

  const envelope = Envelope.safeParse(json)
  if (!envelope.success) {
    throw invalid(
      envelope.error.issues.map((issue) => ({
        line: 1,
        col: 1,
        message: `${issue.path.join('.') || 'body'}: ${issue.message}`,
      })),
    )
  }
  // Checked as data: the YAML position tree does not locate keys inside JSON (flow) mappings,
  // so positions would be 1:1 either way; messages name the field.
  const { definition, evalSummary, source } = envelope.data
  return {
    definition: definitionOf(parsePromptObject(definition, file)),
    ...(evalSummary ? { evalSummary } : {}),
    ...(source?.commit ? { sourceCommit: source.commit } : {}),
    ...(source?.path ? { sourcePath: source.path } : {}),
  }
}

/** An object with `definition` and no `name` is an envelope; anything else is a definition. */
function isEnvelope(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'definition' in value &&
    !('name' in value)
  )
}

function definitionOf(result: ParsePromptResult): PromptDefinition {
  const errors = result.diagnostics.filter((d) => d.severity === 'error')
  if (result.prompt && errors.length === 0) return result.prompt
  const listed = errors.map((d) => ({ line: d.line, col: d.col, message: d.message, code: d.code }))
  // Text that cannot be stored (NUL, a lone surrogate) is a malformed request, as it is in JSON
  // bodies and query strings: 400, listing only those.
  const unstorable = listed.filter((e) => e.code === UNSAFE_TEXT_CODE)
  if (unstorable.length > 0) throw invalid(unstorable, 'BAD_REQUEST')
  throw invalid(listed)
}

function invalid(
  errors: BodyError[],
  code: 'VALIDATION_FAILED' | 'BAD_REQUEST' = 'VALIDATION_FAILED',
): CanonError {
  const first = errors[0]
  const summary = first ? `${first.line}:${first.col}: ${first.message}` : 'no details'
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
  return new CanonError(code, `invalid prompt definition: ${summary}${more}`, {
    details: { errors },
  })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const { line, col } = jsonErrorPosition(text, message)
    throw new CanonError(
      'BAD_REQUEST',
      `request body is not valid JSON: ${line}:${col}: ${message}`,
      {
        details: { errors: [{ line, col, message }] },
      },
    )
  }
}

/** V8 reports `at position N` (or `line L column C`); turn it into 1-based line:col. */
function jsonErrorPosition(text: string, message: string): { line: number; col: number } {
  const lc = /line (\d+) column (\d+)/.exec(message)
  if (lc) return { line: Number(lc[1]), col: Number(lc[2]) }
  const pos = /position (\d+)/.exec(message)
  const offset = pos ? Number(pos[1]) : text.length
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, col: offset - before.lastIndexOf('\n') }
}
