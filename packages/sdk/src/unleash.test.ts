/**
 * A/B routing against a real unleash-server 7.5.1: the flag is written the way
 * `canon rollout` writes it, read by `unleash-client` through `@canon/sdk/unleash`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type InProcessRegistry, startInProcessRegistry } from '../test/registry-fixture'
import {
  ADMIN_TOKEN,
  CLIENT_TOKEN,
  postgresProblem,
  type RunningUnleash,
  startUnleash,
} from '../test/unleash-server'
import { createCanon } from './index'
import { parseSplit, writeRollout } from './rollout/index'
import { createUnleashFlags, type UnleashFlagsHandle } from './unleash'

const problem = await postgresProblem()
if (problem && !process.env.CI) {
  console.warn(`skipping the unleash-server tests: Postgres is unreachable (${problem})`)
}

describe.skipIf(problem !== undefined && !process.env.CI)('A/B routing with a real Unleash', () => {
  let unleash: RunningUnleash
  let registry: InProcessRegistry
  let flags: UnleashFlagsHandle

  beforeAll(async () => {
    ;[unleash, registry] = await Promise.all([startUnleash(), startInProcessRegistry()])
    const result = await writeRollout(
      { url: unleash.url, token: ADMIN_TOKEN },
      'SummarizeSupportTicket',
      parseSplit('1:90,2:10'),
    )
    expect(result).toMatchObject({ flag: 'prompt.SummarizeSupportTicket', created: true })
    flags = createUnleashFlags({
      url: unleash.url,
      apiToken: CLIENT_TOKEN,
      appName: 'canon-sdk-test',
      refreshInterval: 300,
      onUnreachable: () => {},
      unleash: { disableMetrics: true },
    })
    await flags.ready(20_000)
  }, 120_000)

  afterAll(async () => {
    flags?.close()
    await Promise.all([unleash?.dispose(), registry?.close()])
  })

  const canonFor = () =>
    createCanon({
      baseUrl: 'http://registry.test',
      apiKey: registry.readKey,
      fetch: registry.fetch,
      flags,
      onError: () => {},
    })

  it('splits 10 000 users 90/10 within 2 points, each user always on the same version', async () => {
    const canon = canonFor()
    const assigned = new Map<string, number>()
    let v2 = 0
    for (let i = 0; i < 10_000; i++) {
      const userId = `user-${i}`
      const prompt = await canon.get('SummarizeSupportTicket', { context: { userId } })
      expect(prompt.variant).toBe(`v${prompt.version}`)
      expect(prompt.label).toBeUndefined()
      assigned.set(userId, prompt.version)
      if (prompt.version === 2) v2++
    }
    expect(Math.abs(v2 / 10_000 - 0.1)).toBeLessThanOrEqual(0.02)

    // Sticky: a second client (nothing memoized) and a second pass agree for every user.
    const other = canonFor()
    for (let i = 0; i < 10_000; i += 7) {
      const userId = `user-${i}`
      expect((await other.get('SummarizeSupportTicket', { context: { userId } })).version).toBe(
        assigned.get(userId),
      )
      expect((await canon.get('SummarizeSupportTicket', { context: { userId } })).version).toBe(
        assigned.get(userId),
      )
    }
    // Prompts without a flag, and calls without a user, answer from the label.
    expect((await canon.get('ClassifyTicketIntent', { context: { userId: 'user-1' } })).label).toBe(
      'production',
    )
    expect(await canon.get('SummarizeSupportTicket', { context: {} })).toMatchObject({
      version: 1,
      label: 'production',
      variant: undefined,
    })
  }, 60_000)

  it('answers every get from the label once the Unleash server is gone', async () => {
    const canon = canonFor()
    const onV2: string[] = []
    for (let i = 0; i < 500 && onV2.length < 20; i++) {
      const prompt = await canon.get('SummarizeSupportTicket', { context: { userId: `user-${i}` } })
      if (prompt.version === 2) onV2.push(`user-${i}`)
    }
    expect(onV2.length).toBeGreaterThan(0)
    await unleash.stop()
    const until = Date.now() + 10_000
    while (flags.reachable && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    expect(flags.reachable).toBe(false)
    for (let i = 0; i < 1000; i++) {
      const prompt = await canon.get('SummarizeSupportTicket', { context: { userId: `user-${i}` } })
      expect(prompt).toMatchObject({ version: 1, label: 'production', variant: undefined })
    }
    for (const userId of onV2) {
      expect((await canon.get('SummarizeSupportTicket', { context: { userId } })).version).toBe(1)
    }
  }, 30_000)
})
