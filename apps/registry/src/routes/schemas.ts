/**
 * Response schemas of the registry API, registered as OpenAPI components. Handlers on the hot
 * path send pre-serialized bodies of these shapes; `version-body.ts` builds them.
 * @module
 */
import { z } from '@hono/zod-openapi'

const InputSpec = z
  .object({
    type: z.enum(['string', 'number', 'integer', 'boolean', 'array', 'object']),
    required: z.boolean(),
    default: z.unknown().optional(),
    enum: z.array(z.unknown()).readonly().optional(),
    maxLength: z.number().int().optional(),
    pattern: z.string().optional(),
    description: z.string().optional(),
  })
  .openapi('InputSpec')

export const PromptDefinitionSchema = z
  .object({
    name: z.string(),
    version: z.number().int().min(1),
    description: z.string().optional(),
    tags: z.array(z.string()),
    owners: z.array(z.string()),
    inputs: z.record(z.string(), InputSpec),
    model: z.looseObject({
      provider: z.string().optional(),
      name: z.string().optional(),
      temperature: z.number().optional(),
      max_tokens: z.number().int().optional(),
      top_p: z.number().optional(),
      stop: z.array(z.string()).optional(),
    }),
    template: z.string().optional().openapi({ description: 'Text prompt (nunjucks).' }),
    messages: z
      .array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }))
      .optional()
      .openapi({ description: 'Chat prompt; exactly one of `template` and `messages` is set.' }),
    output: z.object({ schema: z.unknown().optional(), retries: z.number().int() }).optional(),
    budget: z
      .object({ max_input_tokens: z.number().optional(), max_cost_usd: z.number().optional() })
      .optional(),
    evaluation: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('PromptDefinition', {
    description:
      'A normalized prompt definition: the prompt file with its short forms (`input_variables`, `execution_settings`) expanded and its output schema file inlined.',
  })

export const VersionStatusSchema = z.enum(['active', 'deprecated', 'retired'])

const versionShape = {
  name: z.string().openapi({ example: 'SummarizeSupportTicket' }),
  version: z.number().int().openapi({ example: 3 }),
  digest: z
    .string()
    .openapi({ description: 'sha256 of the canonical definition (without `evaluation`).' }),
  status: VersionStatusSchema,
  kind: z.enum(['text', 'chat']),
  definition: PromptDefinitionSchema,
  publishedAt: z.string().openapi({ format: 'date-time' }),
  publishedBy: z.string(),
  sourceCommit: z.string().nullable(),
  sourcePath: z.string().nullable(),
  evalSummary: z.record(z.string(), z.unknown()).nullable(),
}

export const VersionSchema = z.object(versionShape).openapi('Version')

export const LabeledVersionSchema = z
  .object({ ...versionShape, label: z.string().openapi({ example: 'production' }) })
  .openapi('LabeledVersion')

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:canon:problem:not-found' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    requestId: z.string(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details.' })

export const ValidationProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    requestId: z.string(),
    errors: z.array(
      z.object({
        line: z.number().int(),
        col: z.number().int(),
        message: z.string(),
        code: z.string().optional(),
        path: z.string().optional(),
      }),
    ),
  })
  .openapi('ValidationProblem')

export const EvalSummarySchema = z
  .record(z.string(), z.unknown())
  .openapi('EvalSummary', { description: 'What `canon eval` reported; shown in the dashboard.' })

export const PublishEnvelopeSchema = z
  .object({
    definition: PromptDefinitionSchema,
    evalSummary: EvalSummarySchema.optional(),
    source: z
      .object({
        commit: z
          .string()
          .optional()
          .openapi({ description: 'Git commit the file was published from.' }),
        path: z
          .string()
          .optional()
          .openapi({ description: 'Repository-relative path of the file.' }),
      })
      .optional(),
  })
  .openapi('PublishEnvelope')
