import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StubServer } from '../../test/stubs'
import { startOpenAIStub } from '../../test/stubs'
import { createMockProvider } from '../providers/mock'
import { createOpenAIProvider } from '../providers/openai'
import type { CompletionRequest, CompletionResult } from '../providers/types'
import { completionCacheKey } from './cache-key'
import { createFileCacheStore, createMemoryCacheStore } from './file-store'
import { isReplayMiss, withCache } from './with-cache'

const cases = ['double-charge', 'vat-number', 'webhook-500s']
const request = (id: string): CompletionRequest => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: `ticket ${id}` }],
  params: { temperature: 0 },
})

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'canon-cache-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('withCache', () => {
  it('records against a real server, then replays identical results with zero calls', async () => {
    const stub: StubServer = await startOpenAIStub({ model: 'gpt-4o-mini-2024-07-18' })
    try {
      const store = createFileCacheStore(dir)
      const live = createOpenAIProvider({ baseUrl: stub.url })
      const recorder = withCache(live, store, 'record')
      const recorded: CompletionResult[] = []
      for (const id of cases) {
        for (const trial of [0, 1])
          recorded.push(await recorder.complete(request(id), { caseId: id, trial }))
      }
      expect(recorder.stats).toEqual({ hits: 0, misses: 6, calls: 6, writes: 6 })
      expect(stub.requests).toHaveLength(6)

      const replayer = withCache(
        createOpenAIProvider({ baseUrl: stub.url }),
        createFileCacheStore(dir),
        'replay',
      )
      const replayed: CompletionResult[] = []
      for (const id of cases) {
        for (const trial of [0, 1])
          replayed.push(await replayer.complete(request(id), { caseId: id, trial }))
      }
      expect(replayer.stats).toEqual({ hits: 6, misses: 0, calls: 0, writes: 0 })
      expect(stub.requests).toHaveLength(6)
      const strip = ({ raw: _r, cached: _c, ...rest }: CompletionResult) => rest
      expect(replayed.map(strip)).toEqual(recorded.map(strip))
      expect(replayed.every((r) => r.cached === true)).toBe(true)
      expect(recorded.every((r) => r.cached === false)).toBe(true)
    } finally {
      await stub.close()
    }
  })

  it('fails a replay miss naming the case, the key and --cache record', async () => {
    const mock = createMockProvider({ outputs: { a: 'x' } })
    const cached = withCache(mock, createMemoryCacheStore(), 'replay')
    const err = await cached
      .complete(request('vat-number'), { caseId: 'vat-number', trial: 2 })
      .catch((e) => e)
    expect(isReplayMiss(err)).toBe(true)
    const key = completionCacheKey(mock, request('vat-number'), 2)
    expect(err.message).toContain('case "vat-number" (mock gpt-4o-mini, trial 2)')
    expect(err.message).toContain(`key ${key.slice(0, 12)}`)
    expect(err.message).toContain('--cache record')
    expect(mock.calls).toBe(0)
  })

  it('reuses hits in record mode and does not cache errors', async () => {
    const mock = createMockProvider({ outputs: { a: 'billing', b: { text: '', error: 'boom' } } })
    const cached = withCache(mock, createMemoryCacheStore(), 'record')
    await cached.complete(request('a'), { caseId: 'a' })
    await cached.complete(request('a'), { caseId: 'a' })
    await expect(cached.complete(request('b'), { caseId: 'b' })).rejects.toThrow('boom')
    await expect(cached.complete(request('b'), { caseId: 'b' })).rejects.toThrow('boom')
    expect(mock.calls).toBe(3)
    expect(cached.stats).toEqual({ hits: 1, misses: 3, calls: 3, writes: 1 })
  })

  it('shares one provider call between identical requests in flight', async () => {
    const mock = createMockProvider({ outputs: { a: 'billing' } })
    const cached = withCache(mock, createMemoryCacheStore(), 'record')
    const results = await Promise.all(
      [1, 2, 3].map(() => cached.complete(request('a'), { caseId: 'a' })),
    )
    expect(results.map((r) => r.text)).toEqual(['billing', 'billing', 'billing'])
    expect(mock.calls).toBe(1)
  })

  it('re-records over a corrupt entry in record mode but reports it in replay mode', async () => {
    const store = createFileCacheStore(dir)
    const mock = createMockProvider({ outputs: { a: 'billing' } })
    await withCache(mock, store, 'record').complete(request('a'), { caseId: 'a' })
    await writeFile(store.pathOf(completionCacheKey(mock, request('a'))), 'garbage')
    await expect(
      withCache(mock, store, 'replay').complete(request('a'), { caseId: 'a' }),
    ).rejects.toThrow(/unreadable/)
    const again = await withCache(mock, store, 'record').complete(request('a'), { caseId: 'a' })
    expect(again.text).toBe('billing')
    expect(
      (await withCache(mock, store, 'replay').complete(request('a'), { caseId: 'a' })).cached,
    ).toBe(true)
  })

  it('off mode always calls and stores nothing', async () => {
    const mock = createMockProvider({ outputs: { a: 'billing' } })
    const store = createMemoryCacheStore()
    const cached = withCache(mock, store, 'off')
    await cached.complete(request('a'), { caseId: 'a' })
    await cached.complete(request('a'), { caseId: 'a' })
    expect(mock.calls).toBe(2)
    expect(store.size).toBe(0)
  })

  it('caches embeddings per text: only unseen texts reach the provider', async () => {
    const mock = createMockProvider()
    const store = createMemoryCacheStore()
    const recorder = withCache(mock, store, 'record')
    const first = await recorder.embed?.(['refund', 'crash'], { model: 'mock' })
    const second = await recorder.embed?.(['crash', 'login', 'refund'], { model: 'mock' })
    expect(second).toEqual([first?.[1], expect.any(Array), first?.[0]])
    expect(mock.embedCalls).toBe(2)
    const replayer = withCache(mock, store, 'replay')
    expect(await replayer.embed?.(['login'], { model: 'mock' })).toEqual([second?.[1]])
    const miss = await replayer.embed?.(['signup'], { model: 'mock' }).catch((e) => e)
    expect(isReplayMiss(miss)).toBe(true)
    expect(mock.embedCalls).toBe(2)
  })
})
