import fc from 'fast-check'
import { expect, it } from 'vitest'
import { describeRegistry, json, promptYaml, publish } from './testing/harness'

/** Printable ASCII: what a Headers object accepts from any client. */
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,80}$/)

const segment = fc.oneof(
  fc.constantFrom(
    'Fuzz.Seed',
    'fuzz.seed',
    'production',
    'latest',
    '1',
    '0',
    '-1',
    '1e3',
    '..',
    '%2F',
    '%00',
  ),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,12}$/),
)

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/yaml',
    'text/yaml',
    'application/x-yaml',
    'application/json; charset=utf-8',
    'application/problem+json',
    'application/json;;;',
    'APPLICATION/JSON',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'text/plain',
    '*/*',
    '',
  ),
  headerValue,
)

const body = fc.oneof(
  fc.json(),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '',
    '{',
    '[]',
    'null',
    '{"definition": null}',
    '{"definition": {}}',
    '- a\n- b',
    ': :',
    '{"version": 1}',
  ),
  fc
    .record({
      version: fc.oneof(fc.integer(), fc.string()),
      expected: fc.oneof(fc.integer(), fc.constant(null)),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .record({ status: fc.oneof(fc.constantFrom('active', 'deprecated', 'retired'), fc.string()) })
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }).map((template) => promptYaml('Fuzz.Seed', 1, template)),
)

describeRegistry('property: no input produces a 5xx', (r) => {
  it('random methods, paths, bodies and headers get a clear answer, never a 5xx', async () => {
    await publish(r, 'Fuzz.Seed', 1)
    await r.request('PUT', '/v1/prompts/Fuzz.Seed/labels/production', { body: { version: 1 } })
    const scopes = Object.values(r.keys)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'PATCH', 'POST', 'DELETE', 'HEAD', 'OPTIONS'),
        fc.constantFrom(
          (a: string) => `/v1/prompts/${a}`,
          (a: string, b: string) => `/v1/prompts/${a}/versions/${b}`,
          (a: string, b: string) => `/v1/prompts/${a}/labels/${b}`,
          (a: string, b: string) => `/v1/prompts/${a}/labels/${b}/history?limit=${b}`,
          (a: string) => `/v1/snapshot?label=${a}`,
          (a: string, b: string) => `/v1/prompts?tag=${a}&limit=${b}&cursor=${a}`,
        ),
        segment,
        segment,
        fc.option(body, { nil: undefined }),
        fc.option(contentType, { nil: undefined }),
        fc.option(headerValue, { nil: undefined }),
        fc.oneof(
          fc.constantFrom(...scopes).map((key) => `Bearer ${key}`),
          headerValue,
        ),
        async (method, route, a, b, payload, type, ifNoneMatch, authorization) => {
          const headers: Record<string, string> = { authorization }
          if (type !== undefined) headers['content-type'] = type
          if (ifNoneMatch !== undefined) headers['if-none-match'] = ifNoneMatch
          const withBody = payload !== undefined && method !== 'GET' && method !== 'HEAD'
          const res = await r.app.request(route(a, b), {
            method,
            headers,
            ...(withBody ? { body: payload } : {}),
          })
          expect(res.status, `${method} ${route(a, b)} → ${res.status}`).toBeLessThan(500)
          if (res.status >= 400 && method !== 'HEAD') {
            expect(res.headers.get('content-type')).toBe('application/problem+json')
            const problem = await json(res)
            expect(problem.status).toBe(res.status)
            expect(problem.detail).toEqual(expect.any(String))
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('every definition the registry accepts is served back exactly as published', async () => {
    const admin = r.keys.admin
    let version = 0
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 80 }),
        fc.stringMatching(/^[a-z]{1,8}$/),
        fc.boolean(),
        async (text, tag, asJson) => {
          version++
          const template = `${text} {{ who }}`
          const definition = {
            name: 'Fuzz.Round',
            version,
            inputs: { who: { type: 'string', required: true } },
            tags: [tag],
            template,
          }
          const res = await r.app.request(`/v1/prompts/Fuzz.Round/versions/${version}`, {
            method: 'PUT',
            headers: {
              authorization: `Bearer ${admin}`,
              'content-type': asJson ? 'application/json' : 'application/yaml',
            },
            body: asJson
              ? JSON.stringify(definition)
              : `${promptYaml('Fuzz.Round', version, template)}tags: [${tag}]\n`,
          })
          expect([201, 422]).toContain(res.status)
          if (res.status !== 201) return
          const published = await json(res)
          expect(published.definition.template).toBe(template)
          const got = await r.app.request(`/v1/prompts/Fuzz.Round/versions/${version}`, {
            headers: { authorization: `Bearer ${admin}` },
          })
          expect(await json(got)).toEqual(published)
        },
      ),
      { numRuns: 60 },
    )
  })
})
