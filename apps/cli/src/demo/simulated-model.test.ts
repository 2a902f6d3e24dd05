import { describe, expect, it } from 'vitest'
import { createSampler } from './sampling'
import { modelProfile, simulateCall, userScores } from './simulated-model'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

describe('the simulated model', () => {
  it('answers SummarizeSupportTicket v2 faster than v1, rated about as well', () => {
    const v1 = modelProfile('SummarizeSupportTicket', 1)
    const v2 = modelProfile('SummarizeSupportTicket', 2)
    expect(v2.latencyP50Ms).toBeLessThan(v1.latencyP50Ms)
    expect(Math.abs(v2.approvalRate - v1.approvalRate)).toBeLessThan(0.05)
    expect(modelProfile('SomethingElse', 4).latencyP50Ms).toBeGreaterThan(0)
  })

  it('draws latencies around the median, failures of the kinds clients see, and answers with usage', () => {
    const sampler = createSampler(5)
    const profile = modelProfile('SummarizeSupportTicket', 1)
    const calls = Array.from({ length: 20_000 }, () =>
      simulateCall(sampler, profile, '{"summary":"s","urgency":"low"}', { input: 540, output: 12 }),
    )
    const ok = calls.filter((c) => c.reply)
    const failed = calls.filter((c) => c.error)
    expect(failed.length / calls.length).toBeCloseTo(profile.errorRate, 2)
    for (const c of failed)
      expect(c.error?.status === 429 || c.error?.code === 'timeout').toBe(true)
    expect(median(ok.map((c) => c.latencyMs)) / profile.latencyP50Ms).toBeCloseTo(1, 1)
    expect(ok[0]?.reply?.usage).toEqual({ inputTokens: 540, outputTokens: 12 })
    expect(Math.max(...calls.map((c) => c.latencyMs))).toBeLessThanOrEqual(8_000)
  })

  it("has users approve at the version's rate", () => {
    const sampler = createSampler(9)
    const profile = modelProfile('SummarizeSupportTicket', 2)
    const ratings = Array.from({ length: 20_000 }, () => userScores(sampler, profile))
      .flat()
      .filter((s) => s.name === 'user_approval')
    expect(ratings.length / 20_000).toBeCloseTo(profile.feedbackRate, 1)
    const approval = ratings.filter((s) => s.value === 1).length / ratings.length
    expect(approval).toBeCloseTo(profile.approvalRate, 1)
  })
})
