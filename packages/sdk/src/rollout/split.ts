/**
 * `--split 1:90,2:10`: which versions get which share of users.
 * @module
 */
import { CanonError } from '@canon/core'

/** One arm of a rollout: a version and its percentage of users. */
export interface SplitArm {
  version: number
  /** 0–100, at most one decimal (Unleash weights are per mille). */
  percent: number
}

/**
 * Parses `version:percent` pairs; the percentages must add up to 100.
 * @example parseSplit('1:90,2:10') // [{ version: 1, percent: 90 }, { version: 2, percent: 10 }]
 */
export function parseSplit(text: string): SplitArm[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  if (parts.length === 0) {
    throw new CanonError(
      'BAD_REQUEST',
      'the split is empty: give version:percent pairs, e.g. 1:90,2:10',
    )
  }
  const arms = parts.map((part) => {
    const match = /^v?(\d+)\s*:\s*(\d+(?:\.\d)?)\s*%?$/.exec(part)
    if (!match) {
      throw new CanonError(
        'BAD_REQUEST',
        `\`${part}\` is not version:percent (e.g. 2:10; percentages take at most one decimal)`,
      )
    }
    const version = Number(match[1])
    const percent = Number(match[2])
    if (version < 1) throw new CanonError('BAD_REQUEST', `\`${part}\`: versions start at 1`)
    return { version, percent }
  })
  const seen = new Set<number>()
  for (const arm of arms) {
    if (seen.has(arm.version)) {
      throw new CanonError('BAD_REQUEST', `version ${arm.version} appears twice in the split`)
    }
    seen.add(arm.version)
  }
  const total = arms.reduce((sum, a) => sum + Math.round(a.percent * 10), 0)
  if (total !== 1000) {
    throw new CanonError(
      'BAD_REQUEST',
      `the percentages add up to ${total / 10}, not 100 (${arms.map((a) => `${a.version}:${a.percent}`).join(',')})`,
    )
  }
  return arms
}
