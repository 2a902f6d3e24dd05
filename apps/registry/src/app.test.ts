import { createApiKey, createDatabase } from '@canon/db'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { createApp } from './app'
import { createJsonLogger } from './logger'
import { describeRegistry, json, publish } from './testing/harness'

describeRegistry('the registry app', (r) => {
  it('serves a valid OpenAPI 3.1 document listing every route, with bearer security', async () => {
    const res = await r.request('GET', '/openapi.json', { as: null })
    expect(res.status).toBe(200)
    const doc = await json(res)
    expect(doc.openapi).toBe('3.1.0')
    // Descriptions say things in the repo's own words, citing no document the repo lacks.
    expect(JSON.stringify(doc)).not.toMatch(/SPEC|§/)
    const result = await new Validator().validate(doc)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    })
    for (const path of [
      '/healthz',
      '/readyz',
      '/v1/prompts',
      '/v1/prompts/{name}',
      '/v1/prompts/{name}/labels/{label}',
      '/v1/prompts/{name}/labels/{label}/history',
      '/v1/prompts/{name}/versions/{version}',
      '/v1/snapshot',
    ]) {
      expect(doc.paths[path], path).toBeDefined()
    }
    const version = doc.paths['/v1/prompts/{name}/versions/{version}']
    expect(Object.keys(version).sort()).toEqual(['get', 'patch', 'put'])
    expect(Object.keys(version.put.requestBody.content).sort()).toEqual([
      'application/json',
      'application/yaml',
    ])
    expect(version.get.responses['410'].content['application/problem+json']).toBeDefined()
    // Every $ref points at a component that exists.
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? []
    for (const ref of refs) {
      const name = ref.slice('"#/components/schemas/'.length, -1)
      expect(doc.components.schemas[name], ref).toBeDefined()
    }
  })

  it('serves browsable docs at /docs', async () => {
    const res = await r.request('GET', '/docs', { as: null })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('/openapi.json')
  })

  it('echoes a request id on every response, keeping a well-formed incoming one', async () => {
    const ok = await r.request('GET', '/healthz', { as: null })
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    const mine = await r.request('GET', '/v1/prompts/Nobody.Here', {
      headers: { 'x-request-id': 'trace-abc-123' },
    })
    expect(mine.status).toBe(404)
    expect(mine.headers.get('x-request-id')).toBe('trace-abc-123')
    expect((await json(mine)).requestId).toBe('trace-abc-123')
    const hostile = await r.request('GET', '/healthz', {
      headers: { 'x-request-id': 'a b<script>' },
    })
    expect(hostile.headers.get('x-request-id')).not.toBe('a b<script>')
  })

  it('answers unknown routes with 404 problem+json', async () => {
    const res = await r.request('DELETE', '/v1/nothing', { as: null })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await json(res)).toMatchObject({
      status: 404,
      detail: 'no route for DELETE /v1/nothing',
    })
  })

  it('writes one structured log line per request', async () => {
    const lines: string[] = []
    const app = createApp({
      db: r.db,
      config: { bodyLimitBytes: 1 << 20 },
      logger: createJsonLogger({ level: 'info', write: (line) => lines.push(line) }),
    })
    await publish(r, 'Log.Me', 1)
    lines.length = 0
    const res = await app.request('/v1/prompts/Log.Me/versions/1', {
      headers: { authorization: `Bearer ${r.keys.read}` },
    })
    await app.request('/v1/prompts/Log.Me/versions/1')
    expect(lines).toHaveLength(2)
    const [ok, denied] = lines.map((line) => JSON.parse(line))
    expect(ok).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: res.headers.get('x-request-id'),
      method: 'GET',
      route: '/v1/prompts/:name/versions/:version',
      status: 200,
    })
    expect(ok.durationMs).toEqual(expect.any(Number))
    expect(denied.status).toBe(401)
  })
})

describe('failures', () => {
  it('an unexpected error is a 500 problem with the request id; the stack is logged, not returned', async () => {
    const db = await createDatabase({ memory: true, migrate: true })
    const { key } = await createApiKey(db, { name: 'reader', scopes: ['read'] })
    const lines: string[] = []
    const app = createApp({
      db,
      config: { bodyLimitBytes: 1 << 20 },
      logger: createJsonLogger({ level: 'info', write: (line) => lines.push(line) }),
    })
    const headers = { authorization: `Bearer ${key}` }
    expect((await app.request('/v1/prompts', { headers })).status).toBe(200)
    await db.close()

    const res = await app.request('/v1/prompts', { headers })
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const problem = await json(res)
    expect(problem).toMatchObject({ status: 500, title: 'Internal server error' })
    expect(problem.detail).toContain(problem.requestId)
    const text = JSON.stringify(problem)
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/)
    const logged = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === 'request failed')
    expect(logged.requestId).toBe(problem.requestId)
    expect(logged.error.stack).toEqual(expect.any(String))
  })

  it('readyz: 200 when the database answers, 503 with checks when it does not or while draining', async () => {
    const db = await createDatabase({ memory: true, migrate: true })
    const lifecycle = { draining: false }
    const app = createApp({
      db,
      config: { bodyLimitBytes: 1 << 20 },
      logger: createJsonLogger({ level: 'silent' }),
      lifecycle,
    })
    const ready = await app.request('/readyz')
    expect(ready.status).toBe(200)
    expect(await json(ready)).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok' },
    })
    expect((await app.request('/healthz')).status).toBe(200)

    lifecycle.draining = true
    const draining = await app.request('/readyz')
    expect(draining.status).toBe(503)
    expect((await json(draining)).detail).toContain('shutting down')
    lifecycle.draining = false

    await db.close()
    const down = await app.request('/readyz')
    expect(down.status).toBe(503)
    expect(down.headers.get('content-type')).toBe('application/problem+json')
    expect((await json(down)).checks.database).toBe('failed')
    expect((await app.request('/healthz')).status).toBe(200)
  })

  it('readyz: 503 while migrations are not applied', async () => {
    const db = await createDatabase({ memory: true })
    const app = createApp({
      db,
      config: { bodyLimitBytes: 1 << 20 },
      logger: createJsonLogger({ level: 'silent' }),
    })
    const res = await app.request('/readyz')
    expect(res.status).toBe(503)
    expect((await json(res)).checks).toEqual({ database: 'ok', migrations: 'failed' })
    await db.migrate()
    expect((await app.request('/readyz')).status).toBe(200)
    await db.close()
  })
})
