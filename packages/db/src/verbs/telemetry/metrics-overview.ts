import type { Database } from '../../database'
import { readRollups } from './read-rollups'
import { errorRate, latencyPercentiles } from './summaries'
import { type MetricsRange, resolveRange, splitRange } from './time-range'

/** One prompt's totals over the range. */
export interface PromptOverview {
  name: string
  calls: number
  errors: number
  errorRate: number
  costUsd: number
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  lastCallAt: string
}

/** `GET /v1/metrics/overview`: every prompt with executions in the range. */
export interface MetricsOverview {
  /** The range read, resolved to whole minutes. */
  from: string
  to: string
  /** True when any execution counted came from `canon serve --demo`. */
  simulated: boolean
  /** By name; prompts without executions in the range are absent. */
  prompts: PromptOverview[]
}

/**
 * Calls, errors, cost, latency p50/p95 and last call per prompt over `[from, to)`, from the
 * rollups (whole days, hours, and minutes at the edges).
 *
 * @example
 * const { prompts } = await metricsOverview(db, { from: new Date(Date.now() - 86_400_000), to: new Date() })
 */
export async function metricsOverview(db: Database, range: MetricsRange): Promise<MetricsOverview> {
  const { fromMs, toMs } = resolveRange(range)
  const groups = await readRollups(db, {
    segments: splitRange(fromMs, toMs, 86_400),
    byPrompt: true,
  })
  groups.sort((a, b) => (a.promptName < b.promptName ? -1 : a.promptName > b.promptName ? 1 : 0))
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    simulated: groups.some((g) => g.simulatedCalls > 0),
    prompts: groups.map((g) => ({
      name: g.promptName,
      calls: g.calls,
      errors: g.errors,
      errorRate: errorRate(g),
      costUsd: g.costUsd,
      ...latencyPercentiles(g),
      lastCallAt: new Date(g.lastCallAtMs).toISOString(),
    })),
  }
}
