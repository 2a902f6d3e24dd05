import { afterAll, describe, expect, it } from 'vitest'
import { demoRolloutFlags, rolloutFeature } from './rollout-flag'

const flags = demoRolloutFlags('SummarizeSupportTicket')
afterAll(() => flags.close())

describe('the demo rollout', () => {
  it('is the flag canon rollout --split 1:90,2:10 writes: v2 pinned at 10 %', () => {
    const [strategy] = rolloutFeature('SummarizeSupportTicket').strategies
    expect(strategy?.variants).toEqual([
      expect.objectContaining({ name: 'v1', weight: 900, weightType: 'variable' }),
      expect.objectContaining({ name: 'v2', weight: 100, weightType: 'fix' }),
    ])
    expect(strategy?.variants[1]?.payload).toEqual({ type: 'json', value: '{"version":2}' })
  })

  it('splits users about 90/10 offline, the same way for the same user', async () => {
    await flags.ready(2_000)
    const versions = Array.from({ length: 2000 }, (_, i) => {
      const variant = flags.variant('prompt.SummarizeSupportTicket', { userId: `user-${i}` })
      return JSON.parse(variant?.payload?.value ?? 'null').version as number
    })
    const v2 = versions.filter((v) => v === 2).length / versions.length
    expect(new Set(versions)).toEqual(new Set([1, 2]))
    expect(v2).toBeGreaterThan(0.07)
    expect(v2).toBeLessThan(0.13)
    const again = flags.variant('prompt.SummarizeSupportTicket', { userId: 'user-7' })
    expect(JSON.parse(again?.payload?.value ?? 'null').version).toBe(versions[7])
    expect(flags.has('prompt.ClassifyTicketIntent')).toBe(false)
  })
})
