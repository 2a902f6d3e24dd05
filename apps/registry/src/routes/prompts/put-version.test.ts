import { getPrompt } from '@canon/db'
import { describe, expect, it } from 'vitest'
import { describeRegistry, json, promptJson, promptYaml, publish } from '../../testing/harness'

describeRegistry('PUT /v1/prompts/{name}/versions/{version}', (r) => {
  const put = (name: string, version: number | string, body: unknown, contentType?: string) =>
    r.request('PUT', `/v1/prompts/${name}/versions/${version}`, {
      body,
      contentType:
        contentType ?? (typeof body === 'string' ? 'application/yaml' : 'application/json'),
    })

  it('publishes a YAML file: 201 with Location and ETag, then 200 for the same content', async () => {
    const first = await put('Pub.Yaml', 1, promptYaml('Pub.Yaml', 1))
    expect(first.status).toBe(201)
    const body = await json(first)
    expect(body).toMatchObject({
      name: 'Pub.Yaml',
      version: 1,
      status: 'active',
      kind: 'text',
      publishedBy: 'admin-key',
      sourceCommit: null,
      definition: {
        template: 'Hello {{ who }}',
        inputs: { who: { type: 'string', required: true } },
      },
    })
    expect(body.digest).toMatch(/^[0-9a-f]{64}$/)
    expect(first.headers.get('location')).toBe('/v1/prompts/Pub.Yaml/versions/1')
    expect(first.headers.get('etag')).toBe(`"${body.digest}"`)

    const again = await put('Pub.Yaml', 1, promptYaml('Pub.Yaml', 1))
    expect(again.status).toBe(200)
    expect((await json(again)).digest).toBe(body.digest)
  })

  it('publishes a JSON definition and a JSON envelope to the same digest as the YAML', async () => {
    const yaml = await json(await put('Pub.Forms', 1, promptYaml('Pub.Forms', 1)))
    const asJson = await put('Pub.Forms', 1, promptJson('Pub.Forms', 1))
    expect(asJson.status).toBe(200)
    expect((await json(asJson)).digest).toBe(yaml.digest)

    const envelope = await put('Pub.Forms', 2, {
      definition: promptJson('Pub.Forms', 2),
      evalSummary: { passRate: 0.97, cases: 40 },
      source: { commit: 'abc123', path: 'prompts/forms.v2.yaml' },
    })
    expect(envelope.status).toBe(201)
    expect(await json(envelope)).toMatchObject({
      version: 2,
      evalSummary: { passRate: 0.97, cases: 40 },
      sourceCommit: 'abc123',
      sourcePath: 'prompts/forms.v2.yaml',
    })
  })

  it('accepts JSON media types with parameters and +json suffixes', async () => {
    const res = await put(
      'Pub.Media',
      1,
      JSON.stringify(promptJson('Pub.Media', 1)),
      'application/vnd.canon+json; charset=utf-8',
    )
    expect(res.status).toBe(201)
    const yaml = await put('Pub.Media', 2, promptYaml('Pub.Media', 2), 'text/yaml; charset=utf-8')
    expect(yaml.status).toBe(201)
  })

  it('answers 409 naming both digests and the next free version when content differs', async () => {
    const original = await json(await put('Pub.Conflict', 1, promptYaml('Pub.Conflict', 1)))
    await put('Pub.Conflict', 2, promptYaml('Pub.Conflict', 2))
    const res = await put('Pub.Conflict', 1, promptYaml('Pub.Conflict', 1, 'Goodbye {{ who }}'))
    expect(res.status).toBe(409)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const problem = await json(res)
    expect(problem.detail).toContain(original.digest)
    expect(problem.digest).toMatch(/^[0-9a-f]{64}$/)
    expect(problem.digest).not.toBe(original.digest)
    expect(problem.detail).toContain(problem.digest)
    expect(problem.detail).toContain('next free version is 3')
    expect(problem.nextVersion).toBe(3)
    expect(problem.requestId).toBe(res.headers.get('x-request-id'))
  })

  it('rejects an invalid YAML definition with 422 and the line:col of each error', async () => {
    const yaml = 'name: Pub.Bad\nversion: 1\ninput_variables: [who]\ntemplte: "Hi {{ who }}"\n'
    const res = await put('Pub.Bad', 1, yaml)
    expect(res.status).toBe(422)
    const problem = await json(res)
    expect(problem.type).toBe('urn:canon:problem:validation-failed')
    expect(problem.errors.length).toBeGreaterThan(0)
    const typo = problem.errors.find((e: { message: string }) => e.message.includes('templte'))
    expect(typo).toMatchObject({ line: 4, col: 1 })
    expect(problem.detail).toMatch(/^invalid prompt definition: \d+:\d+: /)
  })

  it('rejects unsafe templates with 422 (the same safety rule as canon validate)', async () => {
    const res = await put('Pub.Unsafe', 1, promptYaml('Pub.Unsafe', 1, '{{ who.constructor }}'))
    expect(res.status).toBe(422)
    const problem = await json(res)
    expect(problem.errors.some((e: { code?: string }) => e.code === 'template-unsafe')).toBe(true)
  })

  it('rejects an invalid envelope definition or envelope field with 422', async () => {
    const text = [
      '{',
      '  "definition": {',
      '    "name": "Pub.Envelope",',
      '    "version": 1,',
      '    "template": "Hi {{ who }}",',
      '    "bogus": true',
      '  }',
      '}',
    ].join('\n')
    const res = await put('Pub.Envelope', 1, text, 'application/json')
    expect(res.status).toBe(422)
    const { errors } = await json(res)
    const bogus = errors.find((e: { message: string }) => e.message.includes('bogus'))
    expect(bogus).toMatchObject({ line: expect.any(Number), col: expect.any(Number) })

    const badSource = await put('Pub.Envelope', 1, {
      definition: promptJson('Pub.Envelope', 1),
      source: { commit: 42 },
    })
    expect(badSource.status).toBe(422)
    expect((await json(badSource)).errors[0].message).toContain('source.commit')
  })

  it('answers 400 with line:col for malformed JSON', async () => {
    const res = await put(
      'Pub.Json',
      1,
      '{\n  "name": "Pub.Json",\n  "version": 1,,\n}',
      'application/json',
    )
    expect(res.status).toBe(400)
    const problem = await json(res)
    expect(problem.detail).toContain('not valid JSON')
    expect(problem.errors[0]).toMatchObject({ line: 3 })
  })

  it('answers 400 when the body names another prompt or version than the path', async () => {
    const otherName = await put('Pub.Path', 1, promptYaml('Pub.Other', 1))
    expect(otherName.status).toBe(400)
    expect((await json(otherName)).detail).toContain('Pub.Other')
    const otherVersion = await put('Pub.Path', 2, promptYaml('Pub.Path', 1))
    expect(otherVersion.status).toBe(400)
  })

  it('answers 415 for other media types and 400 for an empty body', async () => {
    const text = await put('Pub.Type', 1, promptYaml('Pub.Type', 1), 'text/plain')
    expect(text.status).toBe(415)
    expect((await json(text)).detail).toContain('application/yaml')
    const none = await r.request('PUT', '/v1/prompts/Pub.Type/versions/1', {})
    expect(none.status).toBe(415)
    const empty = await put('Pub.Type', 1, '   ', 'application/yaml')
    expect(empty.status).toBe(400)
  })

  it('answers 400 for invalid names and versions in the path', async () => {
    for (const path of [
      '1bad/versions/1',
      'Ok/versions/0',
      'Ok/versions/01',
      'Ok/versions/-1',
      'Ok/versions/99999999999',
    ]) {
      const res = await put(
        path.split('/')[0] as string,
        path.split('/')[2] as string,
        promptYaml('Ok', 1),
      )
      expect(res.status, path).toBe(400)
    }
  })

  it('rejects bodies over the limit with 413 problem+json', async () => {
    const big = promptYaml('Pub.Big', 1, `Hello {{ who }} ${'x'.repeat(1 << 20)}`)
    const res = await put('Pub.Big', 1, big)
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect((await json(res)).detail).toContain('1048576')
  })

  describe('concurrency', () => {
    it('20 concurrent identical publishes: one version, one 201, nineteen 200, no 5xx', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => put('Pub.Race', 1, promptYaml('Pub.Race', 1))),
      )
      const statuses = results.map((res) => res.status).sort()
      expect(statuses.filter((s) => s === 201)).toHaveLength(1)
      expect(statuses.filter((s) => s === 200)).toHaveLength(19)
      const prompt = await getPrompt(r.db, 'Pub.Race')
      expect(prompt.versions.map((v) => v.version)).toEqual([1])
    })

    it('20 concurrent different publishes of one version: one 201, the rest 409, no 5xx', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          put('Pub.RaceDiff', 1, promptYaml('Pub.RaceDiff', 1, `Variant ${i}: {{ who }}`)),
        ),
      )
      const statuses = results.map((res) => res.status)
      expect(statuses.filter((s) => s === 201)).toHaveLength(1)
      expect(statuses.filter((s) => s === 409)).toHaveLength(19)
      const prompt = await getPrompt(r.db, 'Pub.RaceDiff')
      expect(prompt.versions).toHaveLength(1)
    })
  })

  it('serves the new version right after publishing (latest moves on this replica at once)', async () => {
    await publish(r, 'Pub.Latest', 1)
    const before = await r.request('GET', '/v1/prompts/Pub.Latest/labels/latest')
    expect((await json(before)).version).toBe(1)
    await publish(r, 'Pub.Latest', 2)
    const after = await r.request('GET', '/v1/prompts/Pub.Latest/labels/latest')
    expect((await json(after)).version).toBe(2)
  })
})
