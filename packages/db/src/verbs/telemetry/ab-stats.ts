import type { Database } from '../../database'
import { assertPromptName } from '../../internal/validate'
import { canonicalName } from './canonical-name'
import { readRollups } from './read-rollups'
import { feedbackSums, latencyPercentiles, qualitySums } from './summaries'
import { type MetricsRange, resolveRange, splitRange } from './time-range'

export interface AbStatsInput extends MetricsRange {
  name: string
}

/** The sufficient statistics of one A/B arm, for intervals and tests. */
export interface AbArmStats {
  /** The live variant, or null when arms are versions (no variant data in the range). */
  variant: string | null
  version: number
  calls: number
  errors: number
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  /** Calls with a known cost, their total and sum of squares. */
  cost: { n: number; sum: number; sumSq: number }
  /** Feedback scores (`user_approval`, `feedback`): positives of n. */
  approval: { positives: number; n: number }
  /** Every other numeric score, pooled. */
  quality: { n: number; sum: number; sumSq: number }
}

/** The arms of a prompt's A/B comparison over a range. */
export interface AbStats {
  name: string
  from: string
  to: string
  simulated: boolean
  /** `variant` when the arms are live variants, `version` otherwise. */
  armsBy: 'variant' | 'version'
  /** Most calls first. */
  arms: AbArmStats[]
}

/**
 * The arms to compare: the live variants (executions carrying `canon.prompt.variant`, one arm
 * per variant and version), or, when no variant data exists in the range, the versions that
 * served traffic. Sums only; the registry turns them into intervals and a verdict.
 *
 * @example
 * const { arms } = await abStats(db, { name: 'summarize', from, to })
 */
export async function abStats(db: Database, input: AbStatsInput): Promise<AbStats> {
  assertPromptName(input.name)
  const { fromMs, toMs } = resolveRange(input)
  const name = await canonicalName(db, input.name)
  const groups = await readRollups(db, {
    segments: splitRange(fromMs, toMs, 86_400),
    promptName: name,
    byVersion: true,
    byVariant: true,
  })
  const withVariant = groups.filter((g) => g.variant !== null)
  const armsBy = withVariant.length > 0 ? 'variant' : 'version'
  // Without variant data every group is a version with variant null.
  const arms = (armsBy === 'variant' ? withVariant : groups)
    .map((g): AbArmStats => {
      const feedback = feedbackSums(g)
      const quality = qualitySums(g)
      return {
        variant: g.variant,
        version: g.version,
        calls: g.calls,
        errors: g.errors,
        ...latencyPercentiles(g),
        cost: { n: g.costCalls, sum: g.costUsd, sumSq: g.costSqUsd },
        approval: { positives: feedback.positives, n: feedback.n },
        quality: { n: quality.n, sum: quality.sum, sumSq: quality.sumSq },
      }
    })
    .sort((a, b) => b.calls - a.calls || a.version - b.version)
  return {
    name,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    simulated: groups.some((g) => g.simulatedCalls > 0),
    armsBy,
    arms,
  }
}
