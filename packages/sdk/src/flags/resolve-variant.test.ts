import { EventEmitter } from 'node:events'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type InProcessRegistry, startInProcessRegistry } from '../../test/registry-fixture'
import { createCanon } from '../index'
import type { Flags, FlagVariant } from './flags'
import { parseVersionPayload, resolvePromptVariant, VariantResolver } from './resolve-variant'
import { type UnleashLike, unleashFlags } from './unleash-flags'

const json = (value: string): FlagVariant => ({ name: 'v', payload: { type: 'json', value } })

/** A flag system that routes everyone to one variant, counting evaluations. */
function fixedFlags(variant: FlagVariant | undefined, flag = 'prompt.SummarizeSupportTicket') {
  const flags = {
    revision: 0,
    evaluations: 0,
    has: (name: string) => name === flag,
    variant: () => {
      flags.evaluations++
      return variant
    },
  }
  return flags satisfies Flags
}

describe('parseVersionPayload', () => {
  it('reads {"version": n} JSON and bare numbers, and refuses anything else', () => {
    expect(parseVersionPayload(json('{"version":2}'))).toBe(2)
    expect(parseVersionPayload({ name: 'v', payload: { type: 'number', value: '3' } })).toBe(3)
    for (const bad of [
      '{"version":"2"}',
      '{"version":0}',
      '{"version":1.5}',
      'not json',
      'null',
      '{}',
    ]) {
      expect(parseVersionPayload(json(bad))).toBeUndefined()
    }
    expect(parseVersionPayload({ name: 'v' })).toBeUndefined()
    expect(
      parseVersionPayload({ name: 'v', payload: { type: 'string', value: '' } }),
    ).toBeUndefined()
  })
})

describe('VariantResolver', () => {
  it('consults flags only for a sticky id, and memoizes per context until the revision changes', () => {
    const flags = fixedFlags(json('{"version":2}'))
    const resolver = new VariantResolver(flags)
    expect(resolver.resolve('SummarizeSupportTicket', {})).toBeUndefined()
    expect(
      resolver.resolve('SummarizeSupportTicket', { remoteAddress: '10.0.0.1' }),
    ).toBeUndefined()
    expect(flags.evaluations).toBe(0)
    for (let i = 0; i < 5; i++) {
      expect(resolver.resolve('SummarizeSupportTicket', { userId: 'u1' })).toEqual({
        flag: 'prompt.SummarizeSupportTicket',
        variant: 'v',
        version: 2,
      })
    }
    resolver.resolve('SummarizeSupportTicket', { sessionId: 's1' })
    expect(flags.evaluations).toBe(2)
    flags.revision++
    resolver.resolve('SummarizeSupportTicket', { userId: 'u1' })
    expect(flags.evaluations).toBe(3)
    // A flag system that does not say what it is sticky on is memoized on the whole context.
    resolver.resolve('SummarizeSupportTicket', { userId: 'u1', properties: { plan: 'pro' } })
    resolver.resolve('SummarizeSupportTicket', { userId: 'u1', properties: { plan: 'pro' } })
    resolver.resolve('SummarizeSupportTicket', { userId: 'u1', properties: { plan: 'free' } })
    resolver.resolve('SummarizeSupportTicket', { userId: 'u1', sessionId: 's2' })
    expect(flags.evaluations).toBe(6)
  })

  it('reports a bad payload once and routes to the label', () => {
    const onBad = vi.fn()
    expect(
      resolvePromptVariant(
        fixedFlags(json('oops')),
        'SummarizeSupportTicket',
        { userId: 'u' },
        onBad,
      ),
    ).toBeUndefined()
    expect(onBad).toHaveBeenCalledWith('prompt.SummarizeSupportTicket', json('oops'))
  })
})

describe('unleashFlags adapter', () => {
  class FakeUnleash extends EventEmitter implements UnleashLike {
    synced = false
    isSynchronized() {
      return this.synced
    }
    getFeatureToggleDefinition(name: string) {
      return name === 'prompt.P' ? {} : undefined
    }
    getVariant() {
      return {
        name: 'v2',
        enabled: true,
        feature_enabled: true,
        payload: { type: 'json', value: '{"version":2}' },
      }
    }
    destroy() {}
  }

  it('answers nothing before Unleash synchronized or while it is unreachable', () => {
    const client = new FakeUnleash()
    const onUnreachable = vi.fn()
    const flags = unleashFlags(client, { onUnreachable })
    expect(flags.has('prompt.P')).toBe(false)
    client.synced = true
    client.emit('changed')
    expect(flags.has('prompt.P')).toBe(true)
    expect(flags.has('prompt.Q')).toBe(false)
    const before = flags.revision
    client.emit('error', new Error('ECONNREFUSED'))
    client.emit('error', new Error('ECONNREFUSED'))
    expect(onUnreachable).toHaveBeenCalledTimes(1)
    expect(flags.revision).toBe(before + 1)
    expect(flags.has('prompt.P')).toBe(false)
    expect(flags.variant('prompt.P', { userId: 'u' })).toBeUndefined()
    client.emit('unchanged')
    expect(flags.variant('prompt.P', { userId: 'u' })).toEqual({
      name: 'v2',
      payload: { type: 'json', value: '{"version":2}' },
    })
    const lastKnown = unleashFlags(Object.assign(new FakeUnleash(), { synced: true }), {
      whenUnreachable: 'last-known',
      onUnreachable: () => {},
    })
    lastKnown.client.on('x', () => {})
    ;(lastKnown.client as FakeUnleash).emit('error', new Error('down'))
    expect(lastKnown.has('prompt.P')).toBe(true)
  })
})

describe('flags in canon.get', () => {
  let registry: InProcessRegistry
  beforeAll(async () => {
    registry = await startInProcessRegistry()
  })
  afterAll(() => registry.close())
  const canon = (flags: Flags) =>
    createCanon({
      baseUrl: 'http://r.test',
      apiKey: registry.readKey,
      fetch: registry.fetch,
      flags,
      onError: () => {},
    })

  it('routes a user to the variant version, and to the label when that version is unavailable', async () => {
    const v2 = await canon(fixedFlags(json('{"version":2}'))).get('SummarizeSupportTicket', {
      context: { userId: 'u1' },
    })
    expect(v2).toMatchObject({ version: 2, variant: 'v', label: undefined })
    const missing = await canon(fixedFlags(json('{"version":42}'))).get('SummarizeSupportTicket', {
      context: { userId: 'u1' },
    })
    expect(missing).toMatchObject({ version: 1, variant: undefined, label: 'production' })
    const bad = await canon(fixedFlags(json('{"v":2}'))).get('SummarizeSupportTicket', {
      context: { userId: 'u1' },
    })
    expect(bad).toMatchObject({ version: 1, label: 'production' })
    // An explicit version always wins over a flag.
    const pinned = await canon(fixedFlags(json('{"version":2}'))).get('SummarizeSupportTicket', {
      version: 1,
      context: { userId: 'u1' },
    })
    expect(pinned).toMatchObject({ version: 1, variant: undefined })
  })
})
