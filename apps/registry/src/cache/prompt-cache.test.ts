import { describe, expect, it } from 'vitest'
import { type CachedResource, PromptCache, type ResourceLoaders } from './prompt-cache'

function resource(body: string): CachedResource {
  return { body, etag: `"${body}"`, status: 'active' }
}

/** Loaders that count calls and resolve when told to. */
function controlledLoaders() {
  const calls: string[] = []
  const waiting: Array<() => void> = []
  let counter = 0
  const load = async (key: string) => {
    calls.push(key)
    await new Promise<void>((resolve) => waiting.push(resolve))
    counter++
    return resource(`${key}#${counter}`)
  }
  const loaders: ResourceLoaders = {
    version: (name, version) => load(`${name}/v${version}`),
    label: (name, label) => load(`${name}@${label}`),
    snapshot: (label) => load(`snapshot@${label}`),
  }
  const release = () => {
    for (const resolve of waiting.splice(0)) resolve()
  }
  return { loaders, calls, release }
}

describe('PromptCache', () => {
  it('serves hits synchronously and shares one load between concurrent misses', async () => {
    const { loaders, calls, release } = controlledLoaders()
    const cache = new PromptCache(loaders)
    const a = cache.label('Greet', 'production')
    const b = cache.label('greet', 'production')
    expect(a).toBeInstanceOf(Promise)
    release()
    expect(await a).toBe(await b)
    expect(calls).toEqual(['Greet@production'])
    const hit = cache.label('GREET', 'production')
    expect(hit).not.toBeInstanceOf(Promise)
    expect((hit as CachedResource).body).toBe('Greet@production#1')
  })

  it('invalidating a prompt drops its versions and labels but not other prompts', async () => {
    const { loaders, calls, release } = controlledLoaders()
    const cache = new PromptCache(loaders)
    const fills = [cache.version('A', 1), cache.label('A', 'production'), cache.version('B', 1)]
    release()
    await Promise.all(fills)
    expect(cache.size).toBe(3)
    cache.invalidatePrompt('a')
    expect(cache.size).toBe(1)
    expect(cache.version('B', 1)).not.toBeInstanceOf(Promise)
    const again = cache.version('A', 1)
    expect(again).toBeInstanceOf(Promise)
    release()
    expect((await again).body).toBe('A/v1#4')
    expect(calls).toHaveLength(4)
  })

  it('does not store a load that started before an invalidation (no stale fill)', async () => {
    const { loaders, release } = controlledLoaders()
    const cache = new PromptCache(loaders)
    const slow = cache.label('A', 'production')
    cache.invalidatePrompt('A') // the label moved while the database answered
    const fresh = cache.label('A', 'production') // a request after the move starts its own load
    expect(fresh).not.toBe(slow)
    release()
    expect((await slow).body).toBe('A@production#1')
    expect((await fresh).body).toBe('A@production#2')
    // Only the load that started after the invalidation was kept.
    expect((cache.label('A', 'production') as CachedResource).body).toBe('A@production#2')
  })

  it('invalidateAll drops everything, snapshots included', async () => {
    const { loaders, release } = controlledLoaders()
    const cache = new PromptCache(loaders)
    const fills = [cache.snapshot('production'), cache.version('A', 1)]
    release()
    await Promise.all(fills)
    cache.invalidateAll()
    expect(cache.size).toBe(0)
    expect(cache.snapshot('production')).toBeInstanceOf(Promise)
    release()
  })

  it('a label change drops cached snapshots (they contain labels)', async () => {
    const { loaders, release } = controlledLoaders()
    const cache = new PromptCache(loaders)
    const fill = cache.snapshot('production')
    release()
    await fill
    cache.invalidatePrompt('Anything')
    expect(cache.snapshot('production')).toBeInstanceOf(Promise)
    release()
  })

  it('evicts whole prompts, oldest first, beyond maxEntries', async () => {
    const { loaders, release } = controlledLoaders()
    const cache = new PromptCache(loaders, { maxEntries: 2 })
    for (const name of ['A', 'B', 'C']) {
      const fill = cache.version(name, 1)
      release()
      await fill
    }
    expect(cache.size).toBe(2)
    expect(cache.version('A', 1)).toBeInstanceOf(Promise)
    release()
  })

  it('a failed load is not cached and is retried', async () => {
    let attempts = 0
    const cache = new PromptCache({
      version: async () => {
        attempts++
        if (attempts === 1) throw new Error('database hiccup')
        return resource('ok')
      },
      label: async () => resource('l'),
      snapshot: async () => resource('s'),
    })
    await expect(cache.version('A', 1)).rejects.toThrow('database hiccup')
    expect((await cache.version('A', 1)).body).toBe('ok')
  })
})
