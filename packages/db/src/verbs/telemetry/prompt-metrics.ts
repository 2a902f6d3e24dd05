import { CanonError } from '@canon/core'
import type { Database } from '../../database'
import { assertPromptName } from '../../internal/validate'
import { canonicalName } from './canonical-name'
import { type RollupGroup, readRollups } from './read-rollups'
import {
  addGroup,
  cloneGroup,
  costPerCall,
  errorRate,
  feedbackSums,
  isFeedback,
  latencyPercentiles,
  qualitySums,
} from './summaries'
import { type MetricsRange, resolveRange, splitRange } from './time-range'

/** Series bucket widths. */
export const SERIES_BUCKETS = { '1m': 60, '5m': 300, '1h': 3600, '1d': 86_400 } as const
export type SeriesBucket = keyof typeof SERIES_BUCKETS

/** Most points one series may have; a finer bucket for a long range is BAD_REQUEST. */
export const MAX_SERIES_POINTS = 2000

export interface PromptMetricsInput extends MetricsRange {
  name: string
  /** `auto` (default): 1m up to 2 h, 5m up to 24 h, 1h up to 14 days, else 1d. */
  bucket?: SeriesBucket | 'auto'
  /** `version` (default): variants added together, `variant` null; `variant`: per version and variant. */
  groupBy?: 'version' | 'variant'
}

/** Totals of one version (or version and variant). */
export interface PromptMetricsGroup {
  version: number
  variant: string | null
  calls: number
  errors: number
  errorRate: number
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  inputTokens: number
  outputTokens: number
  avgInputTokens: number | null
  avgOutputTokens: number | null
  costUsd: number
  costPerCallUsd: number | null
  /** Mean and count per score name, feedback excluded (see `feedback`). */
  scores: Record<string, { mean: number; n: number }>
  feedback: { positive: number; n: number; approvalRate: number | null }
}

/** One point of a series (only buckets with calls appear). */
export interface PromptMetricsPoint {
  t: string
  version: number
  variant: string | null
  calls: number
  errors: number
  errorRate: number
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  inputTokens: number
  outputTokens: number
  costUsd: number
  costPerCallUsd: number | null
  /** Mean of the numeric scores other than feedback, null without any. */
  qualityMean: number | null
  approvalRate: number | null
}

/** `GET /v1/metrics/prompts/{name}`. */
export interface PromptMetrics {
  name: string
  from: string
  to: string
  bucket: SeriesBucket
  simulated: boolean
  groups: PromptMetricsGroup[]
  series: PromptMetricsPoint[]
}

/** The series bucket `auto` picks for a range. */
export function autoBucket(rangeMs: number): SeriesBucket {
  const hour = 3_600_000
  if (rangeMs <= 2 * hour) return '1m'
  if (rangeMs <= 24 * hour) return '5m'
  if (rangeMs <= 14 * 24 * hour) return '1h'
  return '1d'
}

/**
 * A prompt's metrics per version (or version and variant) over `[from, to)`, with a time
 * series for charts, all from the rollups. The name matches case-insensitively when the
 * registry knows the prompt.
 *
 * @example
 * const m = await promptMetrics(db, { name: 'summarize', from, to, bucket: '1h', groupBy: 'variant' })
 */
export async function promptMetrics(
  db: Database,
  input: PromptMetricsInput,
): Promise<PromptMetrics> {
  assertPromptName(input.name)
  const { fromMs, toMs } = resolveRange(input)
  const bucket =
    input.bucket === undefined || input.bucket === 'auto' ? autoBucket(toMs - fromMs) : input.bucket
  const width = SERIES_BUCKETS[bucket]
  if (width === undefined) {
    throw new CanonError(
      'BAD_REQUEST',
      `bucket must be auto, ${Object.keys(SERIES_BUCKETS).join(', ')}`,
    )
  }
  const points = Math.ceil((toMs - fromMs) / (width * 1000))
  if (points > MAX_SERIES_POINTS) {
    throw new CanonError(
      'BAD_REQUEST',
      `bucket ${bucket} gives ${points} points over this range (at most ${MAX_SERIES_POINTS}): use a larger bucket or a shorter range`,
    )
  }
  const groupBy = input.groupBy ?? 'version'
  if (groupBy !== 'version' && groupBy !== 'variant') {
    throw new CanonError('BAD_REQUEST', 'groupBy must be version or variant')
  }
  const name = await canonicalName(db, input.name)
  const series = await readRollups(db, {
    segments: splitRange(fromMs, toMs, width),
    promptName: name,
    seriesWidth: width,
    byVersion: true,
    byVariant: groupBy === 'variant',
  })
  series.sort(
    (a, b) =>
      a.t - b.t || a.version - b.version || (a.variant ?? '').localeCompare(b.variant ?? ''),
  )
  const totals = new Map<string, RollupGroup>()
  for (const point of series) {
    const key = `${point.version}\u0000${point.variant ?? ''}`
    const total = totals.get(key)
    if (total) addGroup(total, point)
    else totals.set(key, cloneGroup(point))
  }
  const groups = [...totals.values()].sort(
    (a, b) => b.version - a.version || (a.variant ?? '').localeCompare(b.variant ?? ''),
  )
  return {
    name,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    bucket,
    simulated: series.some((p) => p.simulatedCalls > 0),
    groups: groups.map(toGroup),
    series: series.map(toPoint),
  }
}

function toGroup(g: RollupGroup): PromptMetricsGroup {
  const scores: Record<string, { mean: number; n: number }> = {}
  for (const [name, s] of [...g.scores].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isFeedback(name) && s.n > 0) scores[name] = { mean: s.sum / s.n, n: s.n }
  }
  const feedback = feedbackSums(g)
  return {
    version: g.version,
    variant: g.variant,
    calls: g.calls,
    errors: g.errors,
    errorRate: errorRate(g),
    ...latencyPercentiles(g),
    inputTokens: g.inputTokens,
    outputTokens: g.outputTokens,
    avgInputTokens: g.usageCalls > 0 ? g.inputTokens / g.usageCalls : null,
    avgOutputTokens: g.usageCalls > 0 ? g.outputTokens / g.usageCalls : null,
    costUsd: g.costUsd,
    costPerCallUsd: costPerCall(g),
    scores,
    feedback: {
      positive: feedback.positives,
      n: feedback.n,
      approvalRate: feedback.n > 0 ? feedback.positives / feedback.n : null,
    },
  }
}

function toPoint(p: RollupGroup): PromptMetricsPoint {
  const quality = qualitySums(p)
  const feedback = feedbackSums(p)
  return {
    t: new Date(p.t).toISOString(),
    version: p.version,
    variant: p.variant,
    calls: p.calls,
    errors: p.errors,
    errorRate: errorRate(p),
    ...latencyPercentiles(p),
    inputTokens: p.inputTokens,
    outputTokens: p.outputTokens,
    costUsd: p.costUsd,
    costPerCallUsd: costPerCall(p),
    qualityMean: quality.n > 0 ? quality.sum / quality.n : null,
    approvalRate: feedback.n > 0 ? feedback.positives / feedback.n : null,
  }
}
