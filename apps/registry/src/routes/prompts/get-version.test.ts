import { expect, it } from 'vitest'
import { describeRegistry, json, publish } from '../../testing/harness'

describeRegistry('GET /v1/prompts/{name}/versions/{version}', (r) => {
  const get = (path: string, headers: Record<string, string> = {}) =>
    r.request('GET', path, { as: 'read', headers })

  it('serves the version with the digest as ETag and immutable caching', async () => {
    const published = await json(await publish(r, 'Get.Basic', 1))
    const res = await get('/v1/prompts/Get.Basic/versions/1')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('etag')).toBe(`"${published.digest}"`)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('deprecation')).toBeNull()
    expect(await json(res)).toEqual(published)
  })

  it('finds a prompt by any case of its name', async () => {
    await publish(r, 'Get.Case', 1)
    const res = await get('/v1/prompts/get.case/versions/1')
    expect(res.status).toBe(200)
    expect((await json(res)).name).toBe('Get.Case')
  })

  it('answers 304 to a matching If-None-Match (also weak and in lists), 200 otherwise', async () => {
    await publish(r, 'Get.Etag', 1)
    const first = await get('/v1/prompts/Get.Etag/versions/1')
    const etag = first.headers.get('etag') as string
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await get('/v1/prompts/Get.Etag/versions/1', { 'if-none-match': header })
      expect(res.status, header).toBe(304)
      expect(await res.text()).toBe('')
      expect(res.headers.get('etag')).toBe(etag)
      expect(res.headers.get('cache-control')).toContain('immutable')
    }
    const stale = await get('/v1/prompts/Get.Etag/versions/1', { 'if-none-match': '"nope"' })
    expect(stale.status).toBe(200)
  })

  it('answers 404 problem+json for an unknown prompt or version', async () => {
    await publish(r, 'Get.Missing', 1)
    for (const path of [
      '/v1/prompts/Get.Nobody/versions/1',
      '/v1/prompts/Get.Missing/versions/2',
    ]) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      const problem = await json(res)
      expect(problem).toMatchObject({
        status: 404,
        title: 'Not found',
        type: 'urn:canon:problem:not-found',
      })
      expect(problem.requestId).toBe(res.headers.get('x-request-id'))
    }
  })

  it('a published version missing a moment ago is served once published (no negative caching)', async () => {
    expect((await get('/v1/prompts/Get.Later/versions/1')).status).toBe(404)
    await publish(r, 'Get.Later', 1)
    expect((await get('/v1/prompts/Get.Later/versions/1')).status).toBe(200)
  })

  it('serves a deprecated version with a Deprecation header, a retired one as 410', async () => {
    await publish(r, 'Get.Life', 1)
    await publish(r, 'Get.Life', 2)
    // Warm the cache first: status changes must show through it.
    expect((await get('/v1/prompts/Get.Life/versions/1')).status).toBe(200)

    const deprecate = await r.request('PATCH', '/v1/prompts/Get.Life/versions/1', {
      as: 'label',
      body: { status: 'deprecated' },
    })
    expect(deprecate.status).toBe(200)
    expect((await json(deprecate)).status).toBe('deprecated')

    const deprecated = await get('/v1/prompts/Get.Life/versions/1')
    expect(deprecated.status).toBe(200)
    expect(deprecated.headers.get('deprecation')).toMatch(/^@\d{10}$/)
    const at = Number(deprecated.headers.get('deprecation')?.slice(1))
    expect(Math.abs(at - Date.now() / 1000)).toBeLessThan(120)
    expect((await json(deprecated)).status).toBe('deprecated')

    const retire = await r.request('PATCH', '/v1/prompts/Get.Life/versions/1', {
      as: 'label',
      body: { status: 'retired' },
    })
    expect(retire.status).toBe(200)
    const gone = await get('/v1/prompts/Get.Life/versions/1')
    expect(gone.status).toBe(410)
    expect(gone.headers.get('content-type')).toBe('application/problem+json')
    expect((await json(gone)).detail).toContain('retired')

    const revive = await r.request('PATCH', '/v1/prompts/Get.Life/versions/1', {
      as: 'label',
      body: { status: 'active' },
    })
    expect(revive.status).toBe(200)
    expect((await get('/v1/prompts/Get.Life/versions/1')).status).toBe(200)
  })

  it('rejects a PATCH with an unknown status (422) or unknown fields (422)', async () => {
    await publish(r, 'Get.Patch', 1)
    for (const body of [{ status: 'archived' }, { status: 'active', extra: 1 }, {}]) {
      const res = await r.request('PATCH', '/v1/prompts/Get.Patch/versions/1', {
        as: 'label',
        body,
      })
      expect(res.status, JSON.stringify(body)).toBe(422)
      expect((await json(res)).errors.length).toBeGreaterThan(0)
    }
    const malformed = await r.request('PATCH', '/v1/prompts/Get.Patch/versions/1', {
      as: 'label',
      body: '{"status":',
    })
    expect(malformed.status).toBe(400)
  })
})
