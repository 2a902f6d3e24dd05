/**
 * A/B arms with 95 % intervals and a plain-English verdict, from the sums `abStats` reads:
 * Wilson intervals for rates (`@canon/eval`'s), normal intervals for means, Welch's z-test for
 * cost and quality differences, a two-proportion z-test for approval.
 * @module
 */
import type { AbArmStats, AbStats } from '@canon/db'

/** The statistics this module needs (from `@canon/eval`, loaded on first use). */
export interface StatsTools {
  wilsonInterval(successes: number, n: number): { estimate: number; low: number; high: number }
  normalQuantile(p: number): number
}

let tools: Promise<StatsTools> | undefined

/**
 * `@canon/eval` is loaded on the first A/B request, not at start-up: its index pulls in the
 * tokenizer and providers, which the registry does not otherwise need.
 */
export function loadStatsTools(): Promise<StatsTools> {
  tools ??= import('@canon/eval').then((m) => ({
    wilsonInterval: m.wilsonInterval,
    normalQuantile: m.normalQuantile,
  }))
  return tools
}

export type QualityVerdict =
  | 'better'
  | 'worse'
  | 'not significantly different'
  | 'insufficient data'

export interface AbArm {
  variant: string | null
  version: number
  calls: number
  costPerCallUsd: { mean: number | null; low: number | null; high: number | null }
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  errorRate: { rate: number; low: number; high: number }
  approval: { rate: number; low: number; high: number; n: number } | null
  quality: { mean: number; low: number | null; high: number | null; n: number } | null
}

export interface AbVerdict {
  text: string
  cheaper?: { arm: string; percent: number; significant: boolean }
  quality: QualityVerdict
  n: number
}

/** Fewest scores per arm before quality is compared. */
export const MIN_QUALITY_N = 20

/** `4210` → `4 210`. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
}

/** The name an arm goes by: its variant, else `v<version>`. */
export function armName(arm: Pick<AbArmStats, 'variant' | 'version'>): string {
  return arm.variant ?? `v${arm.version}`
}

interface Moments {
  n: number
  mean: number
  variance: number
}

function moments(n: number, sum: number, sumSq: number): Moments | null {
  if (n <= 0) return null
  const mean = sum / n
  const variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0
  return { n, mean, variance }
}

function meanInterval(m: Moments | null, z: number) {
  if (!m) return { mean: null, low: null, high: null }
  if (m.n < 2) return { mean: m.mean, low: null, high: null }
  const half = z * Math.sqrt(m.variance / m.n)
  return { mean: m.mean, low: m.mean - half, high: m.mean + half }
}

/** Whether two means differ at 95 % (Welch's z). */
function meansDiffer(a: Moments, b: Moments, z: number): boolean {
  const se = Math.sqrt(a.variance / a.n + b.variance / b.n)
  const diff = Math.abs(a.mean - b.mean)
  // Identical values everywhere: any difference in means is real.
  return se === 0 ? diff > 1e-12 * Math.max(Math.abs(a.mean), Math.abs(b.mean)) : diff > z * se
}

/** Whether two proportions differ at 95 % (pooled two-proportion z-test). */
function ratesDiffer(x1: number, n1: number, x2: number, n2: number, z: number): boolean {
  const pooled = (x1 + x2) / (n1 + n2)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
  const diff = Math.abs(x1 / n1 - x2 / n2)
  return se === 0 ? diff > 0 : diff > z * se
}

/**
 * Arms with intervals, and the verdict of the challenger (the second-busiest arm) against the
 * baseline (the busiest): how much cheaper or dearer per call and whether that is significant,
 * whether quality (quality scores when both arms have `MIN_QUALITY_N`, else approval) differs,
 * and n, the calls of both arms.
 *
 * @example
 * const { arms, verdict } = compareArms(await abStats(db, input), await loadStatsTools())
 * verdict.text // 'v2 is 23 % cheaper, quality not significantly different, n = 4 210'
 */
export function compareArms(stats: AbStats, t: StatsTools): { arms: AbArm[]; verdict: AbVerdict } {
  const z = t.normalQuantile(0.975)
  const arms = stats.arms.map((a): AbArm => {
    const errors = t.wilsonInterval(a.errors, a.calls)
    const approval = a.approval.n > 0 ? t.wilsonInterval(a.approval.positives, a.approval.n) : null
    const quality = moments(a.quality.n, a.quality.sum, a.quality.sumSq)
    const qualityInterval = meanInterval(quality, z)
    return {
      variant: a.variant,
      version: a.version,
      calls: a.calls,
      costPerCallUsd: meanInterval(moments(a.cost.n, a.cost.sum, a.cost.sumSq), z),
      latencyP50Ms: a.latencyP50Ms,
      latencyP95Ms: a.latencyP95Ms,
      errorRate: { rate: errors.estimate, low: errors.low, high: errors.high },
      approval: approval
        ? { rate: approval.estimate, low: approval.low, high: approval.high, n: a.approval.n }
        : null,
      quality:
        quality && qualityInterval.mean !== null
          ? {
              mean: qualityInterval.mean,
              low: qualityInterval.low,
              high: qualityInterval.high,
              n: quality.n,
            }
          : null,
    }
  })
  return { arms, verdict: verdictOf(stats.arms, z) }
}

function verdictOf(arms: readonly AbArmStats[], z: number): AbVerdict {
  const [baseline, challenger] = arms
  if (!baseline) return { text: 'no traffic in this range', quality: 'insufficient data', n: 0 }
  if (!challenger) {
    return {
      text: `only ${armName(baseline)} served traffic in this range (n = ${formatCount(baseline.calls)}): nothing to compare`,
      quality: 'insufficient data',
      n: baseline.calls,
    }
  }
  const n = baseline.calls + challenger.calls
  const name = armName(challenger)
  const parts: string[] = []
  let cheaper: AbVerdict['cheaper']
  const costB = moments(baseline.cost.n, baseline.cost.sum, baseline.cost.sumSq)
  const costC = moments(challenger.cost.n, challenger.cost.sum, challenger.cost.sumSq)
  if (costB && costC && costB.mean > 0 && costC.mean > 0) {
    const significant = meansDiffer(costB, costC, z)
    const challengerCheaper = costC.mean < costB.mean
    const [low, high] = challengerCheaper ? [costC, costB] : [costB, costC]
    const percent = Math.round((1 - low.mean / high.mean) * 100)
    cheaper = { arm: armName(challengerCheaper ? challenger : baseline), percent, significant }
    const relative = Math.round(Math.abs(costC.mean / costB.mean - 1) * 100)
    const note = significant ? '' : ' (not significant)'
    if (relative === 0) parts.push(`${name} costs about the same`)
    else if (challengerCheaper) parts.push(`${name} is ${relative} % cheaper${note}`)
    else parts.push(`${name} is ${relative} % more expensive${note}`)
  } else {
    parts.push(`${name}: cost unknown`)
  }
  const quality = qualityVerdict(baseline, challenger, z)
  parts.push(quality === 'insufficient data' ? 'not enough quality data yet' : `quality ${quality}`)
  parts.push(`n = ${formatCount(n)}`)
  return { text: parts.join(', '), ...(cheaper ? { cheaper } : {}), quality, n }
}

function qualityVerdict(baseline: AbArmStats, challenger: AbArmStats, z: number): QualityVerdict {
  const qb = moments(baseline.quality.n, baseline.quality.sum, baseline.quality.sumSq)
  const qc = moments(challenger.quality.n, challenger.quality.sum, challenger.quality.sumSq)
  if (qb && qc && qb.n >= MIN_QUALITY_N && qc.n >= MIN_QUALITY_N) {
    if (!meansDiffer(qb, qc, z)) return 'not significantly different'
    return qc.mean > qb.mean ? 'better' : 'worse'
  }
  const ab = baseline.approval
  const ac = challenger.approval
  if (ab.n >= MIN_QUALITY_N && ac.n >= MIN_QUALITY_N) {
    if (!ratesDiffer(ab.positives, ab.n, ac.positives, ac.n, z))
      return 'not significantly different'
    return ac.positives / ac.n > ab.positives / ab.n ? 'better' : 'worse'
  }
  return 'insufficient data'
}
