import { describe, expect, it } from 'vitest'
import type { Principal } from './app-env'
import { KeyCache } from './key-cache'

const reader: Principal = { id: 'k1', name: 'reader', scopes: ['read'] }

function setup(options = {}) {
  let now = 0
  const lookups: string[] = []
  const cache = new KeyCache(
    async (token) => {
      lookups.push(token)
      return token === 'good-token' ? reader : null
    },
    { now: () => now },
    { ttlMs: 1000, negativeTtlMs: 100, ...options },
  )
  return { cache, lookups, advance: (ms: number) => (now += ms) }
}

describe('KeyCache', () => {
  it('verifies a key once, then answers from memory until the TTL ends', async () => {
    const { cache, lookups, advance } = setup()
    expect(await cache.lookup('good-token')).toEqual(reader)
    expect(cache.lookup('good-token')).toEqual(reader) // synchronous hit
    advance(999)
    expect(cache.lookup('good-token')).toEqual(reader)
    advance(2)
    expect(await cache.lookup('good-token')).toEqual(reader)
    expect(lookups).toEqual(['good-token', 'good-token'])
  })

  it('remembers unknown keys briefly, and shares concurrent lookups', async () => {
    const { cache, lookups, advance } = setup()
    const [a, b] = await Promise.all([cache.lookup('bad-token'), cache.lookup('bad-token')])
    expect(a).toBeNull()
    expect(b).toBeNull()
    expect(cache.lookup('bad-token')).toBeNull()
    advance(101)
    await cache.lookup('bad-token')
    expect(lookups).toEqual(['bad-token', 'bad-token'])
  })

  it('holds at most maxEntries tokens', async () => {
    const { cache, lookups } = setup({ maxEntries: 2 })
    for (const token of ['t1', 't2', 't3']) await cache.lookup(token)
    await cache.lookup('t1')
    expect(lookups).toEqual(['t1', 't2', 't3', 't1'])
  })
})
