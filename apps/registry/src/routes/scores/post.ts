import { MAX_SCORE_COMMENT, MAX_SCORE_NAME, recordScores } from '@canon/db'
import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import type { RegistryApp, RouteDeps } from '../deps'
import { bearer, problems } from '../responses'

/** Most scores in one request. */
export const MAX_SCORES_PER_REQUEST = 1000

const traceId = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, { error: 'traceId must be 32 hex digits' })
  .openapi({ example: '4bf92f3577b34da6a3ce929d0e0e4736' })
const spanId = z
  .string()
  .regex(/^[0-9a-fA-F]{16}$/, { error: 'spanId must be 16 hex digits' })
  .openapi({ description: "The span scored; default: the trace's first execution." })
const name = z.string().trim().min(1).max(MAX_SCORE_NAME).openapi({
  description:
    '`user_approval` and `feedback` are feedback (1 = positive, 0 = negative); other names are quality scores.',
  example: 'user_approval',
})
const value = z
  .union([z.number(), z.boolean()], { error: 'value must be a number (or true/false)' })
  .transform((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v))
  .openapi({ type: 'number', description: 'A number; `true`/`false` count as 1/0.', example: 1 })
const comment = z.string().max(MAX_SCORE_COMMENT)

const ScoreSchema = z
  .strictObject({ traceId, spanId: spanId.optional(), name, value, comment: comment.optional() })
  .openapi('Score')

const SINGLE_FIELDS = ['traceId', 'spanId', 'name', 'value', 'comment'] as const

/**
 * One score (its fields at the top level) or `{ scores: [...] }`. One object rather than a
 * union, so a bad field is reported at its path (`scores.3.value`), not as "no union member".
 */
const ScoresBody = z
  .strictObject({
    scores: z
      .array(ScoreSchema)
      .min(1)
      .max(MAX_SCORES_PER_REQUEST)
      .optional()
      .openapi({ description: `A batch of up to ${MAX_SCORES_PER_REQUEST} scores.` }),
    traceId: traceId.optional(),
    spanId: spanId.optional(),
    name: name.optional(),
    value: value.optional(),
    comment: comment.optional(),
  })
  .superRefine((body, ctx) => {
    const single = SINGLE_FIELDS.filter((k) => body[k] !== undefined)
    if (body.scores !== undefined) {
      for (const key of single) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'send one score or `scores`, not both',
        })
      }
      return
    }
    for (const key of ['traceId', 'name', 'value'] as const) {
      if (body[key] === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required` })
    }
  })
  .openapi('ScoresBody', {
    description:
      'One score (`traceId`, `name`, `value`, optional `spanId` and `comment`), or `{ scores: [...] }`.',
  })

const ScoresAcceptedSchema = z
  .object({
    accepted: z.number().int().openapi({ description: 'Scores stored.' }),
    pending: z.number().int().openapi({
      description:
        'Of those, scores whose execution has not arrived yet: they are counted when its span is ingested.',
    }),
  })
  .openapi('ScoresAccepted')

/** `POST /v1/scores`: feedback and quality scores for traced executions. */
export function registerPostScores(app: RegistryApp, deps: Pick<RouteDeps, 'db' | 'keys'>): void {
  const route = createRoute({
    method: 'post',
    path: '/v1/scores',
    operationId: 'postScores',
    tags: ['telemetry'],
    summary: 'Record scores',
    description:
      'Scores an execution by trace id (`canon.score(traceId, …)` in the SDK). A score may arrive before its span: it is stored and counted once the span is ingested. A batch is all or nothing: any invalid score is `422` listing every problem.',
    security: bearer,
    middleware: [requireScope(deps.keys, 'telemetry')] as const,
    request: {
      body: { required: true, content: { 'application/json': { schema: ScoresBody } } },
    },
    responses: {
      202: {
        description: 'Stored.',
        content: { 'application/json': { schema: ScoresAcceptedSchema } },
      },
      ...problems(400, 401, 403, 413, 415, 422),
    },
  })

  app.openapi(route, async (c) => {
    const body = c.req.valid('json')
    const scores = body.scores ?? [
      {
        traceId: body.traceId as string,
        name: body.name as string,
        value: body.value as number,
        ...(body.spanId !== undefined ? { spanId: body.spanId } : {}),
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
      },
    ]
    const result = await recordScores(deps.db, scores)
    return c.json(result, 202)
  })
}
