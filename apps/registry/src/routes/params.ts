/**
 * Path and query parameters shared by the routes, validated before any handler runs
 * (a bad name, version or label is a `400`, never a database lookup).
 * @module
 */
import { LABEL_NAME_PATTERN, PROMPT_NAME_PATTERN } from '@canon/core'
import { z } from '@hono/zod-openapi'

/** Versions are Postgres `integer`s. */
export const MAX_VERSION = 2_147_483_647

export const promptName = z
  .string()
  .regex(PROMPT_NAME_PATTERN, {
    error: `prompt name must match ${PROMPT_NAME_PATTERN.source}`,
  })
  .openapi({
    param: { name: 'name', in: 'path' },
    description: 'Prompt name (case-insensitive).',
    example: 'SummarizeSupportTicket',
  })

export const versionNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, { error: 'version must be an integer ≥ 1 without leading zeros' })
  .transform(Number)
  .refine((v) => v <= MAX_VERSION, { error: `version must be at most ${MAX_VERSION}` })
  .openapi({
    param: { name: 'version', in: 'path' },
    type: 'integer',
    minimum: 1,
    maximum: MAX_VERSION,
    example: 3,
  })

export const labelName = z
  .string()
  .regex(LABEL_NAME_PATTERN, { error: `label must match ${LABEL_NAME_PATTERN.source}` })
  .openapi({
    param: { name: 'label', in: 'path' },
    description: '`latest` always points at the highest version that is not retired.',
    example: 'production',
  })

export const PromptParams = z.object({ name: promptName })
export const VersionParams = z.object({ name: promptName, version: versionNumber })
export const LabelParams = z.object({ name: promptName, label: labelName })

/** OpenAPI path parameters, for hot routes that validate in the handler (see `get-version.ts`). */
export const pathParameters = {
  name: {
    name: 'name',
    in: 'path' as const,
    required: true,
    description: 'Prompt name (case-insensitive).',
    schema: {
      type: 'string' as const,
      pattern: PROMPT_NAME_PATTERN.source,
      example: 'SummarizeSupportTicket',
    },
  },
  version: {
    name: 'version',
    in: 'path' as const,
    required: true,
    schema: { type: 'integer' as const, minimum: 1, maximum: MAX_VERSION, example: 3 },
  },
  label: {
    name: 'label',
    in: 'path' as const,
    required: true,
    description: '`latest` always points at the highest version that is not retired.',
    schema: { type: 'string' as const, pattern: LABEL_NAME_PATTERN.source, example: 'production' },
  },
}
