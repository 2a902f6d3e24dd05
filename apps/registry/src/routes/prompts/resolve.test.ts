import { unleashFlags } from '@canon/sdk/flags'
import { Unleash } from 'unleash-client'
import { afterAll, expect, it } from 'vitest'
import { describeRegistry, json, publish } from '../../testing/harness'

/**
 * A real unleash-client evaluating a real flag definition (bootstrapped, offline): 90 % of users
 * on v1, 10 % on v2, sticky on userId — the definition `canon rollout --split 1:90,2:10` writes.
 */
const variant = (name: string, version: number | string, weight: number, weightType: string) => ({
  name,
  weight,
  weightType,
  stickiness: 'default',
  payload: { type: 'json', value: JSON.stringify({ version }) },
})
const flag = (name: string, variants: unknown[], enabled = true) => ({
  name,
  enabled,
  strategies: [
    {
      name: 'flexibleRollout',
      parameters: { rollout: '100', stickiness: 'default', groupId: name },
      variants,
    },
  ],
})
const client = new Unleash({
  url: 'http://127.0.0.1:9/api/',
  appName: 'resolve-test',
  refreshInterval: 0,
  disableMetrics: true,
  bootstrap: {
    data: [
      flag('prompt.Res.Split', [variant('v1', 1, 900, 'variable'), variant('v2', 2, 100, 'fix')]),
      flag('prompt.Res.Ghost', [variant('v9', 9, 1000, 'variable')]),
      flag('prompt.Res.Bad', [variant('oops', 'two', 1000, 'variable')]),
      flag('prompt.Res.Off', [variant('v2', 2, 1000, 'variable')], false),
    ] as never,
  },
})
client.on('error', () => {})
afterAll(() => client.destroy())

describeRegistry(
  'resolve',
  (r) => {
    const resolve = (name: string, body?: unknown, as: 'read' | null = 'read') =>
      r.request('POST', `/v1/prompts/${name}/resolve`, {
        as,
        ...(body === undefined ? {} : { body }),
      })

    async function seed(name: string) {
      await publish(r, name, 1)
      await publish(r, name, 2)
      await r.request('PUT', `/v1/prompts/${name}/labels/production`, {
        as: 'label',
        body: { version: 1 },
      })
    }

    it('splits users 90/10 by the flag, sticky per user, with the version body', async () => {
      await seed('Res.Split')
      const counts = { 1: 0, 2: 0 } as Record<number, number>
      const first = new Map<string, number>()
      for (let i = 0; i < 1000; i += 1) {
        const res = await resolve('Res.Split', { context: { userId: `user-${i}` } })
        expect(res.status).toBe(200)
        const body = await json(res)
        expect(body.source).toBe('flag')
        expect(body.flag).toBe('prompt.Res.Split')
        expect(body.definition.version).toBe(body.version)
        counts[body.version] = (counts[body.version] ?? 0) + 1
        first.set(`user-${i}`, body.version)
      }
      expect(counts[2]! / 1000).toBeGreaterThan(0.06)
      expect(counts[2]! / 1000).toBeLessThan(0.14)
      for (const id of ['user-1', 'user-7', 'user-500']) {
        const again = await json(await resolve('Res.Split', { context: { userId: id } }))
        expect(again.version).toBe(first.get(id))
      }
    })

    it('answers from the label without a sticky id, for an off flag, a bad payload or a missing version', async () => {
      await seed('Res.Off')
      await seed('Res.Bad')
      await seed('Res.Ghost')
      for (const [name, body] of [
        ['Res.Split', {}],
        ['Res.Split', undefined],
        ['Res.Off', { context: { userId: 'u1' } }],
        ['Res.Bad', { context: { userId: 'u1' } }],
        ['Res.Ghost', { context: { sessionId: 's1' } }],
      ] as const) {
        const res = await resolve(name, body)
        expect(res.status).toBe(200)
        expect(await json(res)).toMatchObject({
          name,
          version: 1,
          label: 'production',
          source: 'label',
          flag: null,
          variant: null,
        })
      }
    })

    it('falls back to the label the caller names, and 404s when that label does not exist', async () => {
      await r.request('PUT', '/v1/prompts/Res.Off/labels/staging', {
        as: 'label',
        body: { version: 2 },
      })
      expect(await json(await resolve('Res.Off', { label: 'staging' }))).toMatchObject({
        version: 2,
        source: 'label',
      })
      const missing = await resolve('Res.Off', { label: 'canary' })
      expect(missing.status).toBe(404)
      expect(missing.headers.get('content-type')).toBe('application/problem+json')
    })

    it('rejects bad bodies with 422 and missing keys with 401', async () => {
      expect((await resolve('Res.Split', { context: { userId: 42 } })).status).toBe(422)
      expect((await resolve('Res.Split', { contxt: {} })).status).toBe(422)
      expect((await resolve('Res.Split', {}, null)).status).toBe(401)
    })
  },
  { flags: unleashFlags(client) },
)
