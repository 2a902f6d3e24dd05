/**
 * OpenAPI response entries shared by the routes.
 * @module
 */
import type { z } from '@hono/zod-openapi'
import { PROBLEM_CONTENT_TYPE } from '../http/problem'
import { ProblemSchema, ValidationProblemSchema } from './schemas'

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (bad name, version, label, query or JSON).',
  401: 'Missing or invalid API key (`WWW-Authenticate: Bearer`).',
  403: 'The API key lacks the scope this route needs.',
  404: 'No such prompt, version or label.',
  409: 'The version exists with other content.',
  410: 'The version is retired.',
  412: 'The label no longer points at `expected`.',
  413: 'Request body larger than the configured limit.',
  415: 'Unsupported Content-Type.',
  422: 'The body is well-formed but invalid.',
  503: 'Not ready.',
}

/** Problem+json responses for the given statuses. */
export function problems(...statuses: number[]) {
  const out: Record<
    number,
    { description: string; content: Record<string, { schema: z.ZodType }> }
  > = {}
  for (const status of statuses) {
    out[status] = {
      description: DESCRIPTIONS[status] ?? 'Error.',
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: status === 422 ? ValidationProblemSchema : ProblemSchema,
        },
      },
    }
  }
  return out
}

/** Bearer-key security requirement of a route. */
export const bearer = [{ bearerAuth: [] }]

export const etagHeader = {
  ETag: {
    description: 'Entity tag; send it back in `If-None-Match`.',
    schema: { type: 'string' as const },
  },
  'Cache-Control': { schema: { type: 'string' as const } },
  Deprecation: {
    description: 'RFC 9745: present (`@<unix seconds>`) when the version is deprecated.',
    schema: { type: 'string' as const },
  },
}

/**
 * `If-None-Match`, documented but not run through a validator: any value is acceptable (a
 * non-matching one just gets a `200`), and the hot path reads it straight from the request.
 */
export const ifNoneMatchParameter = {
  name: 'If-None-Match',
  in: 'header' as const,
  required: false,
  description: 'An ETag from an earlier response; `304 Not Modified` when it still matches.',
  schema: { type: 'string' as const },
}
