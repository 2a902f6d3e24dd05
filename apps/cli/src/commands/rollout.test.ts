import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { memoryIo } from '../io'
import { run } from '../main'

/**
 * A stand-in for the Unleash admin API (the routes `canon rollout` uses, with Unleash's
 * answers) and for the registry's `GET /v1/prompts/{name}`. The real Unleash server is
 * exercised by `packages/sdk/src/unleash.test.ts` through the same writer.
 */
interface Strategy {
  id: string
  name: string
  title?: string
  parameters: Record<string, string>
  variants: Array<Record<string, unknown>>
}
const features = new Map<string, { enabled: boolean; strategies: Strategy[] }>()
const calls: string[] = []
let server: Server
let url = ''

async function body(req: IncomingMessage): Promise<unknown> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text ? JSON.parse(text) : undefined
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const send = (status: number, value?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(value === undefined ? '' : JSON.stringify(value))
    }
    const path = req.url ?? ''
    calls.push(`${req.method} ${path}`)
    if (path.startsWith('/v1/prompts/')) {
      const name = decodeURIComponent(path.split('/')[3] ?? '')
      if (name !== 'SummarizeSupportTicket') return send(404, { detail: `no prompt ${name}` })
      return send(200, {
        name,
        versions: [{ version: 2 }, { version: 1 }, { version: 3, status: 'retired' }],
      })
    }
    if (req.headers.authorization !== 'admin-token') return send(401, { message: 'Unauthorized' })
    const m =
      /^\/api\/admin\/projects\/default\/features(?:\/([^/]+)(?:\/environments\/development\/(strategies(?:\/([^/]+))?|on|off))?)?$/.exec(
        path,
      )
    if (!m) return send(404, { message: 'not found' })
    const [, flagPart, action, strategyId] = m
    const flag = flagPart ? decodeURIComponent(flagPart) : undefined
    if (!flag && req.method === 'POST') {
      const { name } = (await body(req)) as { name: string }
      features.set(name, { enabled: false, strategies: [] })
      return send(201, { name })
    }
    const feature = flag ? features.get(flag) : undefined
    if (!feature) return send(404, { message: `Could not find feature ${flag}` })
    if (!action) return send(200, { name: flag })
    if (action === 'on' || action === 'off') {
      feature.enabled = action === 'on'
      return send(200)
    }
    if (req.method === 'GET') return send(200, feature.strategies)
    const strategy = {
      ...((await body(req)) as Omit<Strategy, 'id'>),
      id: strategyId ?? `s${feature.strategies.length + 1}`,
    }
    if (strategyId)
      feature.strategies = feature.strategies.map((s) => (s.id === strategyId ? strategy : s))
    else feature.strategies.push(strategy)
    return send(200, strategy)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  calls.length = 0
})

const env = () => ({
  UNLEASH_URL: url,
  UNLEASH_API_TOKEN: 'admin-token',
  CANON_REGISTRY_URL: url,
  CANON_API_KEY: 'k',
})

describe('canon rollout', () => {
  it('creates the flag with a 90/10 strategy whose smaller arm is pinned, and turns it on', async () => {
    const io = memoryIo({ env: env() })
    expect(await run(['rollout', 'SummarizeSupportTicket', '--split', '1:90,2:10'], io)).toBe(0)
    expect(io.stdout).toBe(
      'created prompt.SummarizeSupportTicket in default/development: v1 90%, v2 10%, sticky on userId/sessionId, on\n',
    )
    const feature = features.get('prompt.SummarizeSupportTicket')
    expect(feature?.enabled).toBe(true)
    expect(feature?.strategies).toHaveLength(1)
    expect(feature?.strategies[0]).toMatchObject({
      name: 'flexibleRollout',
      parameters: {
        rollout: '100',
        stickiness: 'default',
        groupId: 'prompt.SummarizeSupportTicket',
      },
      variants: [
        {
          name: 'v1',
          weight: 900,
          weightType: 'variable',
          payload: { type: 'json', value: '{"version":1}' },
        },
        {
          name: 'v2',
          weight: 100,
          weightType: 'fix',
          payload: { type: 'json', value: '{"version":2}' },
        },
      ],
    })
    expect(calls[0]).toBe('GET /v1/prompts/SummarizeSupportTicket')
  })

  it('updates the same strategy on the next split (no second strategy), reporting JSON', async () => {
    const io = memoryIo({ env: env() })
    expect(
      await run(
        ['rollout', 'SummarizeSupportTicket', '--split', '1:50,2:50', '--format', 'json'],
        io,
      ),
    ).toBe(0)
    const report = JSON.parse(io.stdout)
    expect(report).toMatchObject({
      flag: 'prompt.SummarizeSupportTicket',
      created: false,
      strategy: 'updated',
      enabled: true,
    })
    expect(features.get('prompt.SummarizeSupportTicket')?.strategies).toHaveLength(1)
    expect(report.variants.map((v: { weight: number }) => v.weight)).toEqual([500, 500])
  })

  it('turns the flag off with --off', async () => {
    const io = memoryIo({ env: env() })
    expect(await run(['rollout', 'SummarizeSupportTicket', '--off'], io)).toBe(0)
    expect(io.stdout).toMatch(/is off in development: every user gets the label again/)
    expect(features.get('prompt.SummarizeSupportTicket')?.enabled).toBe(false)
  })

  it('refuses splits that do not add up, unknown or retired versions, and missing config', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['--split', '1:90,2:20'], 2, /add up to 110, not 100/],
      [['--split', '1:abc'], 2, /is not version:percent/],
      [['--split', '1:90,1:10'], 2, /appears twice/],
      [['--split', '1:90,7:10'], 1, /has no version 7 in the registry/],
      [['--split', '1:90,3:10'], 1, /v3 is retired/],
      [[], 2, /either --split .* or --off/],
    ]
    for (const [args, code, message] of cases) {
      const io = memoryIo({ env: env() })
      expect(await run(['rollout', 'SummarizeSupportTicket', ...args], io)).toBe(code)
      expect(io.stderr).toMatch(message)
    }
    const noConfig = memoryIo({ env: {} })
    expect(await run(['rollout', 'X', '--split', '1:100'], noConfig)).toBe(2)
    expect(noConfig.stderr).toMatch(/needs the Unleash server and an admin token/)
    const badToken = memoryIo({ env: { ...env(), UNLEASH_API_TOKEN: 'nope' } })
    expect(await run(['rollout', 'SummarizeSupportTicket', '--split', '2:100'], badToken)).toBe(1)
    expect(badToken.stderr).toMatch(/401 Unauthorized \(the token must be an admin/)
  })

  it('writes anyway with --no-verify, and only warns when the registry is unreachable', async () => {
    const io = memoryIo({ env: { ...env(), CANON_REGISTRY_URL: 'http://127.0.0.1:9' } })
    expect(await run(['rollout', 'Other', '--split', '3:100'], io)).toBe(0)
    expect(io.stderr).toMatch(/warning: could not check the versions against the registry/)
    const skip = memoryIo({ env: env() })
    expect(await run(['rollout', 'Unknown', '--split', '1:100', '--no-verify'], skip)).toBe(0)
    expect(calls.some((c) => c.includes('/v1/prompts/Unknown'))).toBe(false)
  })

  it('explains itself in --help', async () => {
    const io = memoryIo()
    expect(await run(['rollout', '--help'], io)).toBe(0)
    expect(io.stdout).toMatch(/--split <version:percent,...>/)
    expect(io.stdout).toMatch(/\{"version": N\}/)
  })
})
