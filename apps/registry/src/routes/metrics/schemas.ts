/**
 * Response schemas of the metrics routes (the metrics API contract shared with the dashboard).
 * @module
 */
import { z } from '@hono/zod-openapi'

const ms = z.number().nullable().openapi({ description: 'Milliseconds; null without calls.' })
const isoTime = z.string().openapi({ format: 'date-time' })

const rangeShape = {
  from: isoTime.openapi({ description: 'Start of the range read (resolved to whole minutes).' }),
  to: isoTime.openapi({ description: 'End of the range read (exclusive, whole minutes).' }),
  simulated: z.boolean().openapi({
    description: 'True when any execution counted came from `canon serve --demo`.',
  }),
}

export const MetricsOverviewSchema = z
  .object({
    ...rangeShape,
    prompts: z.array(
      z.object({
        name: z.string(),
        calls: z.number().int(),
        errors: z.number().int(),
        errorRate: z.number(),
        costUsd: z.number(),
        latencyP50Ms: ms,
        latencyP95Ms: ms,
        lastCallAt: isoTime,
      }),
    ),
  })
  .openapi('MetricsOverview')

const variant = z.string().nullable().openapi({
  description: 'The A/B variant; null when the executions had none (always with groupBy=version).',
})

export const PromptMetricsSchema = z
  .object({
    name: z.string(),
    ...rangeShape,
    bucket: z.enum(['1m', '5m', '1h', '1d']),
    groups: z.array(
      z.object({
        version: z.number().int(),
        variant,
        calls: z.number().int(),
        errors: z.number().int(),
        errorRate: z.number(),
        latencyP50Ms: ms,
        latencyP95Ms: ms,
        inputTokens: z.number().int(),
        outputTokens: z.number().int(),
        avgInputTokens: z.number().nullable(),
        avgOutputTokens: z.number().nullable(),
        costUsd: z.number(),
        costPerCallUsd: z.number().nullable(),
        scores: z
          .record(z.string(), z.object({ mean: z.number(), n: z.number().int() }))
          .openapi({ description: 'Per score name, feedback excluded.' }),
        feedback: z.object({
          positive: z.number().int(),
          n: z.number().int(),
          approvalRate: z.number().nullable(),
        }),
      }),
    ),
    series: z
      .array(
        z.object({
          t: isoTime.openapi({ description: 'Bucket start.' }),
          version: z.number().int(),
          variant,
          calls: z.number().int(),
          errors: z.number().int(),
          errorRate: z.number(),
          latencyP50Ms: ms,
          latencyP95Ms: ms,
          inputTokens: z.number().int(),
          outputTokens: z.number().int(),
          costUsd: z.number(),
          costPerCallUsd: z.number().nullable(),
          qualityMean: z.number().nullable(),
          approvalRate: z.number().nullable(),
        }),
      )
      .openapi({ description: 'Buckets with calls only, by time, version, variant.' }),
  })
  .openapi('PromptMetrics')

const interval = z.number().nullable()

export const AbComparisonSchema = z
  .object({
    name: z.string(),
    ...rangeShape,
    arms: z.array(
      z.object({
        variant: z.string().nullable(),
        version: z.number().int(),
        calls: z.number().int(),
        costPerCallUsd: z
          .object({ mean: interval, low: interval, high: interval })
          .openapi({ description: 'Mean with a 95 % normal interval; nulls without cost data.' }),
        latencyP50Ms: ms,
        latencyP95Ms: ms,
        errorRate: z.object({ rate: z.number(), low: z.number(), high: z.number() }),
        approval: z
          .object({ rate: z.number(), low: z.number(), high: z.number(), n: z.number().int() })
          .nullable(),
        quality: z
          .object({ mean: z.number(), low: interval, high: interval, n: z.number().int() })
          .nullable(),
      }),
    ),
    verdict: z.object({
      text: z
        .string()
        .openapi({ example: 'v2 is 23 % cheaper, quality not significantly different, n = 4 210' }),
      cheaper: z
        .object({ arm: z.string(), percent: z.number(), significant: z.boolean() })
        .optional(),
      quality: z.enum(['better', 'worse', 'not significantly different', 'insufficient data']),
      n: z.number().int(),
    }),
  })
  .openapi('AbComparison')
