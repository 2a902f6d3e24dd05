import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createUnleashFlags, type UnleashFlagsHandle } from '../unleash'
import type { FlagContext } from './flags'
import { type PromptVariant, parseVersionPayload, VariantResolver } from './resolve-variant'
import { unleashStickiness } from './unleash-stickiness'

/**
 * Canon's memoized resolver against the real unleash-client's own `getVariant`, for flags sticky
 * on each thing Unleash allows: whatever the order of calls, a context must get from Canon
 * exactly what unleash-client gives it.
 */
const variants = (
  stickiness: string,
  overrides?: Array<{ contextName: string; values: string[] }>,
) =>
  [1, 2, 3].map((version, i) => ({
    name: `v${version}`,
    weight: [500, 300, 200][i],
    weightType: i === 0 ? 'variable' : 'fix',
    stickiness,
    payload: { type: 'json', value: JSON.stringify({ version }) },
    ...(i === 2 && overrides ? { overrides } : {}),
  }))
const feature = (prompt: string, strategy: Record<string, unknown>, extra = {}) => ({
  name: `prompt.${prompt}`,
  enabled: true,
  strategies: [{ name: 'flexibleRollout', constraints: [], ...strategy }],
  ...extra,
})
const rollout = (name: string, stickiness = 'default', percent = '100') => ({
  rollout: percent,
  stickiness,
  groupId: name,
})

const FLAGS = [
  feature('Default', { parameters: rollout('Default'), variants: variants('default') }),
  feature('User', { parameters: rollout('User', 'userId'), variants: variants('userId') }),
  feature('Session', { parameters: rollout('Session'), variants: variants('sessionId') }),
  feature('Random', { parameters: rollout('Random', 'random'), variants: variants('random') }),
  feature('Tenant', { parameters: rollout('Tenant', 'tenantId'), variants: variants('tenantId') }),
  // Half the sessions of pro/team users, sticky per session, one user pinned to v3.
  feature('Mixed', {
    parameters: rollout('Mixed', 'default', '50'),
    constraints: [{ contextName: 'plan', operator: 'IN', values: ['pro', 'team'] }],
    variants: variants('sessionId', [{ contextName: 'userId', values: ['user-vip'] }]),
  }),
  // Variants on the flag itself (older Unleash servers), sticky on sessionId.
  {
    name: 'prompt.Legacy',
    enabled: true,
    strategies: [{ name: 'default', constraints: [], parameters: {} }],
    variants: variants('sessionId').map(({ weightType: _, ...v }) => v),
  },
]

let flags: UnleashFlagsHandle
beforeAll(async () => {
  flags = createUnleashFlags({
    url: 'http://127.0.0.1:9/api/', // Never contacted: refreshInterval 0 only reads the bootstrap.
    refreshInterval: 0,
    whenUnreachable: 'last-known',
    unleash: { disableMetrics: true, bootstrap: { data: FLAGS as never } },
  })
  await flags.ready()
})
afterAll(() => flags.close())

/** What unleash-client itself answers, read the way Canon reads a payload. */
function unleashSays(prompt: string, context: FlagContext): number | undefined {
  const v = flags.client.getVariant(`prompt.${prompt}`, context as never)
  if (!v.enabled || v.feature_enabled === false) return undefined
  return parseVersionPayload(v.payload ? { name: v.name, payload: v.payload } : { name: v.name })
}
const canonSays = (resolver: VariantResolver, prompt: string, context: FlagContext) =>
  resolver.resolve(prompt, context)?.version

/** Every context twice (memo miss, then hit), in an order that interleaves users and sessions. */
function expectSameAsUnleash(prompt: string, contexts: FlagContext[]) {
  const resolver = new VariantResolver(flags)
  let differ = 0
  for (const round of [0, 1]) {
    for (const context of round === 0 ? contexts : [...contexts].reverse()) {
      if (canonSays(resolver, prompt, context) !== unleashSays(prompt, context)) differ++
    }
  }
  expect(differ).toBe(0)
}

const users = Array.from({ length: 40 }, (_, i) => `user-${i}`)
const sessionsOf = (user: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ userId: user, sessionId: `${user}-session-${i}` }))

describe('VariantResolver memoizes on what the flag is sticky on', () => {
  it('sessionId stickiness: 1 000 sessions of one user each get unleash-client’s variant', () => {
    const sessions = sessionsOf('user-1', 1000)
    const resolver = new VariantResolver(flags)
    const got = sessions.map((c) => canonSays(resolver, 'Session', c))
    const want = sessions.map((c) => unleashSays('Session', c))
    expect(got.filter((v, i) => v !== want[i])).toHaveLength(0)
    // The sessions really are spread over the arms, so a per-user memo could not pass.
    expect(new Set(want).size).toBe(3)
    expectSameAsUnleash('Session', sessions)
  })

  it('default, userId, sessionId and custom-field stickiness over many users and sessions', () => {
    const mixed: FlagContext[] = users.flatMap((u, i) => [
      ...sessionsOf(u, 25),
      { sessionId: `anonymous-${i}` },
      { userId: u },
      { userId: u, sessionId: `${u}-s`, remoteAddress: `10.0.0.${i}` },
    ])
    // Each flag over the contexts that carry what it is sticky on (the others: last test).
    expectSameAsUnleash('Default', mixed)
    expectSameAsUnleash(
      'User',
      mixed.filter((c) => c.userId),
    )
    expectSameAsUnleash(
      'Session',
      mixed.filter((c) => c.sessionId),
    )
    expectSameAsUnleash(
      'Legacy',
      mixed.filter((c) => c.sessionId),
    )

    const tenants: FlagContext[] = mixed.map((c, i) => ({
      ...c,
      properties: { tenantId: `tenant-${i % 97}` },
    }))
    tenants.push({ properties: { tenantId: 'tenant-alone' } }) // No user or session: still sticky.
    expectSameAsUnleash('Tenant', tenants)
    // One user across tenants: the tenant decides, not the user.
    const oneUser = Array.from({ length: 300 }, (_, i) => ({
      userId: 'user-1',
      properties: { tenantId: `t-${i}` },
    }))
    expectSameAsUnleash('Tenant', oneUser)
    expect(new Set(oneUser.map((c) => unleashSays('Tenant', c))).size).toBe(3)
  })

  it('constraints, a 50 % rollout and overrides read by the memo key too', () => {
    const contexts: FlagContext[] = [...users, 'user-vip'].flatMap((u, i) =>
      sessionsOf(u, 20).map((c, j) => ({
        ...c,
        properties: { plan: ['free', 'pro', 'team'][(i + j) % 3] as string },
      })),
    )
    expectSameAsUnleash('Mixed', contexts)
    const answers = contexts.map((c) => unleashSays('Mixed', c))
    expect(answers).toContain(undefined) // free plans and the other half of the rollout
    expect(new Set(answers).size).toBe(4)
  })

  it('random stickiness is never memoized: each call is a fresh unleash-client draw', () => {
    // Seed Math.random so unleash-client alone and Canon's resolver draw the same numbers.
    const seeded = () => {
      let s = 42
      return () => {
        s = (s * 1103515245 + 12345) % 2 ** 31
        return s / 2 ** 31
      }
    }
    const context = { userId: 'user-1', sessionId: 'user-1-session-1' }
    const spy = vi.spyOn(Math, 'random')
    try {
      spy.mockImplementation(seeded())
      const want = Array.from({ length: 1000 }, () => unleashSays('Random', context))
      spy.mockImplementation(seeded())
      const resolver = new VariantResolver(flags)
      const got = Array.from({ length: 1000 }, () => canonSays(resolver, 'Random', context))
      expect(got).toEqual(want)
      expect(new Set(got).size).toBe(3)
    } finally {
      spy.mockRestore()
    }
  })

  it('a context without the field the flag is sticky on answers from the label', () => {
    const resolver = new VariantResolver(flags)
    const none = (prompt: string, context: FlagContext) =>
      expect(resolver.resolve(prompt, context)).toBeUndefined()
    none('Session', { userId: 'user-1' })
    none('User', { sessionId: 's-1' })
    none('Tenant', { userId: 'user-1' })
    none('Default', { remoteAddress: '10.0.0.1' })
    expect(resolver.resolve('Random', {})).toMatchObject<Partial<PromptVariant>>({
      flag: 'prompt.Random',
    })
  })
})

describe('unleashStickiness', () => {
  it('names the variant stickiness and keys on its field only', () => {
    const read = (prompt: string) =>
      unleashStickiness(FLAGS.find((f) => f.name === `prompt.${prompt}`))
    expect(read('Session')?.stickiness).toBe('sessionId')
    expect(read('Session')?.key({ userId: 'a', sessionId: 's' })).toBe(
      read('Session')?.key({ userId: 'b', sessionId: 's' }),
    )
    expect(read('Default')?.key({ userId: 'a', sessionId: 's1' })).toBe(
      read('Default')?.key({ userId: 'a', sessionId: 's2' }),
    )
    expect(read('Tenant')?.stickiness).toBe('tenantId')
    expect(read('Random')?.key({ userId: 'a' })).toBeUndefined()
    // currentTime constraints and custom strategies are not memoized.
    expect(
      unleashStickiness({
        strategies: [
          { name: 'default', constraints: [{ contextName: 'currentTime' }], parameters: {} },
        ],
      })?.key({ userId: 'a' }),
    ).toBeUndefined()
    expect(unleashStickiness({ strategies: [{ name: 'myOwn' }] })?.key({ userId: 'a' })).toBe(
      undefined,
    )
  })
})
