/**
 * What the demo checks before it starts: which example prompts the registry serves, and where
 * an earlier run's simulated history ends.
 * @module
 */
import { CanonError, isCanonError } from '@canon/core'
import type { Canon } from '@canon/sdk'
import { AB_PROMPT, DEMO_SCENARIOS, type Scenario } from './scenarios'

const DAY_MS = 86_400_000

/**
 * The scenarios whose prompt the registry serves. The A/B prompt must have v1 and v2; the other
 * example prompts are optional.
 */
export async function availableScenarios(canon: Canon<object>): Promise<Scenario[]> {
  for (const version of [1, 2]) {
    try {
      await canon.get(AB_PROMPT, { version })
    } catch (err) {
      if (isCanonError(err) && err.code === 'NOT_FOUND') {
        throw new CanonError(
          'CONFIG_INVALID',
          `canon serve --demo needs ${AB_PROMPT} v1 and v2 in the registry, and v${version} is missing: start on an empty data dir (prompts/ is seeded), or publish prompts/ first`,
        )
      }
      throw err
    }
  }
  const found: Scenario[] = []
  for (const scenario of DEMO_SCENARIOS) {
    if (scenario.prompt === AB_PROMPT) {
      found.push(scenario)
      continue
    }
    try {
      const prompt = await canon.get(scenario.prompt)
      // A prompt someone changed so that the demo's variables no longer fit is left out.
      for (const c of scenario.cases) prompt.render(c.vars)
      found.push(scenario)
    } catch {
      // Not published (or not at `production`): the demo leaves that prompt alone.
    }
  }
  return found
}

/**
 * Where the backfill starts: 24 h ago, or where an earlier demo run's simulated history ends,
 * so restarting the demo does not pile a second day on the first.
 */
export async function historyStart(
  registryUrl: string,
  apiKey: string,
  now: number,
): Promise<number> {
  const dayAgo = now - DAY_MS
  try {
    const res = await fetch(`${registryUrl}/v1/metrics/overview?from=24h`, {
      headers: { Authorization: `Bearer ${apiKey}` },
    })
    if (!res.ok) return dayAgo
    const body = (await res.json()) as {
      simulated?: boolean
      prompts?: { name: string; lastCallAt?: string | null }[]
    }
    const last = body.prompts?.find((p) => p.name === AB_PROMPT)?.lastCallAt
    if (!body.simulated || !last) return dayAgo
    const lastMs = Date.parse(last)
    return Number.isFinite(lastMs) ? Math.min(now, Math.max(dayAgo, lastMs)) : dayAgo
  } catch {
    return dayAgo
  }
}
