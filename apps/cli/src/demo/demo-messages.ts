/**
 * The lines `canon serve --demo` prints.
 * @module
 */
import { DEMO_SPLIT } from './rollout-flag'
import { AB_PROMPT, type Scenario } from './scenarios'

/** Says what the demo does, that its data is simulated, and how to open the dashboard. */
export function printBanner(
  print: (text: string) => void,
  info: { registryUrl: string; key: string; scenarios: readonly Scenario[] },
) {
  const others = info.scenarios.filter((s) => s.prompt !== AB_PROMPT).map((s) => s.prompt)
  const [v1 = '90', v2 = '10'] = DEMO_SPLIT.split(',').map((arm) => arm.split(':')[1])
  print(
    `\nDemo mode: simulated traffic. A simulated app calls ${AB_PROMPT} through the SDK, v1 for ${v1} % and v2 for ${v2} % of users\n` +
      `  (an offline Unleash rollout), answered by a simulated model (no LLM is called)${others.length > 0 ? `, plus a little traffic on ${others.join(', ')}` : ''}.\n` +
      '  Its executions are marked simulated (canon.simulated), and the dashboard marks them as simulated.\n' +
      `  Dashboard with the demo's read-only key: ${info.registryUrl}/#key=${info.key}\n` +
      '  (the key is revoked when the server stops).\n',
  )
}

/** `v1 24,066, v2 2,560`: executions per version of the A/B prompt. */
export function armCounts(byVersion: Record<string, number>): string {
  const arms = Object.entries(byVersion)
    .filter(([name]) => name.startsWith(`${AB_PROMPT} `))
    .map(([name, n]) => `${name.slice(AB_PROMPT.length + 1)} ${formatCount(n)}`)
  return arms.join(', ') || 'none'
}

/** `0.98`, `12`: requests per second. */
export function formatRate(perSecond: number): string {
  return perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toPrecision(2)
}

/** `38,145`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** `24 h`, `3.5 h`, `12 min`. */
export function formatSpan(ms: number): string {
  const hours = ms / 3_600_000
  return hours >= 23.5
    ? '24 h'
    : hours >= 1
      ? `${hours.toFixed(1)} h`
      : `${Math.ceil(ms / 60_000)} min`
}
