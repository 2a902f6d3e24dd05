import { describe, expect, it } from 'vitest'
import { runWithConcurrency } from './run-with-concurrency'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('runWithConcurrency', () => {
  it('keeps results in input order and never exceeds the limit', async () => {
    let active = 0
    let peak = 0
    const progress: number[] = []
    const results = await runWithConcurrency(
      [5, 1, 4, 2, 3, 0, 6],
      3,
      async (n) => {
        active++
        peak = Math.max(peak, active)
        for (let i = 0; i < n; i++) await tick()
        active--
        return n * 10
      },
      (done, total) => progress.push(done / total),
    )
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60])
    expect(peak).toBe(3)
    expect(progress).toHaveLength(7)
    expect(progress.at(-1)).toBe(1)
  })

  it('stops starting items after the first failure and rejects with it', async () => {
    const started: number[] = []
    const run = runWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n)
      await tick()
      if (n === 1) throw new Error('case 1 failed')
      return n
    })
    await expect(run).rejects.toThrow('case 1 failed')
    expect(started.length).toBeLessThan(6)
  })

  it('handles an empty list and rejects a bad limit', async () => {
    expect(await runWithConcurrency([], 4, async () => 1)).toEqual([])
    await expect(runWithConcurrency([1], 0, async () => 1)).rejects.toThrow(/concurrency/)
  })
})
