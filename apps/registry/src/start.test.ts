import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDatabase } from '@canon/db'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from './config'
import { silentLogger } from './logger'
import { startRegistry } from './start'
import { json } from './testing/harness'

const dataDir = mkdtempSync(join(tmpdir(), 'canon-registry-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** The hot path reads headers from Node's request and builds responses itself: check it over HTTP. */
async function overHttp(url: string, key: string) {
  const auth = { authorization: `Bearer ${key}` }
  const put = await fetch(`${url}/v1/prompts/Http.Check/versions/1`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/yaml' },
    body: 'name: Http.Check\nversion: 1\ninput_variables: [who]\ntemplate: "Hi {{ who }}"\n',
  })
  expect(put.status).toBe(201)
  await fetch(`${url}/v1/prompts/Http.Check/labels/production`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: '{"version": 1}',
  })
  for (const path of [
    '/v1/prompts/Http.Check/versions/1',
    '/v1/prompts/Http.Check/labels/production',
  ]) {
    const ok = await fetch(`${url}${path}`, { headers: { ...auth, 'x-request-id': 'over-http-1' } })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('x-request-id')).toBe('over-http-1')
    expect(ok.headers.get('content-type')).toBe('application/json')
    const etag = ok.headers.get('etag') as string
    expect((await json(ok)).name).toBe('Http.Check')
    const again = await fetch(`${url}${path}`, { headers: { ...auth, 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    const denied = await fetch(`${url}${path}`, {
      headers: { authorization: 'Bearer canon_wrongwrongwrong' },
    })
    expect(denied.status).toBe(401)
    expect(denied.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(denied.headers.get('www-authenticate')).toContain('invalid_token')
  }
  const bad = await fetch(`${url}/v1/prompts/Http.Check/versions/0`, { headers: auth })
  expect(bad.status).toBe(400)
  expect(bad.headers.get('content-type')).toBe('application/problem+json')
}

describe('startRegistry', () => {
  it('creates and prints an admin key once on first start, serves HTTP, and stops', async () => {
    const printed: string[] = []
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', CANON_DATA_DIR: dataDir })
    const options = {
      logger: silentLogger,
      print: (text: string) => printed.push(text),
      handleSignals: false,
    }
    const first = await startRegistry(config, options)
    try {
      expect(first.url).toBe(`http://127.0.0.1:${first.port}`)
      expect(first.createdAdminKey).toMatch(/^canon_/)
      expect(printed.join('')).toContain(first.createdAdminKey)
      const file = join(dataDir, 'admin-key')
      expect(readFileSync(file, 'utf8').trim()).toBe(first.createdAdminKey)
      expect(statSync(file).mode & 0o777).toBe(0o600)

      expect((await fetch(`${first.url}/healthz`)).status).toBe(200)
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200)
      const listed = await fetch(`${first.url}/v1/prompts`, {
        headers: { authorization: `Bearer ${first.createdAdminKey}` },
      })
      expect(listed.status).toBe(200)
      expect(listed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
      await overHttp(first.url, first.createdAdminKey as string)
    } finally {
      await first.close()
    }
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow()

    const second = await startRegistry(config, options)
    try {
      expect(second.createdAdminKey).toBeUndefined()
      expect(printed).toHaveLength(1)
    } finally {
      await second.close()
    }
  })

  it('registers CANON_ADMIN_KEY instead of generating one', async () => {
    const printed: string[] = []
    const adminKey = 'ci-admin-key-0123456789abcdef'
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CANON_DATA_DIR: mkdtempSync(join(dataDir, 'fixed-')),
      CANON_ADMIN_KEY: adminKey,
    })
    const registry = await startRegistry(config, {
      logger: silentLogger,
      print: (text) => printed.push(text),
      handleSignals: false,
    })
    try {
      expect(printed).toEqual([])
      const res = await fetch(`${registry.url}/v1/prompts`, {
        headers: { authorization: `Bearer ${adminKey}` },
      })
      expect(res.status).toBe(200)
    } finally {
      await registry.close()
    }
  })

  it('readyz answers 503 with the reason until the start-up work is done, while healthz answers', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', CANON_DATA_DIR: dataDir })
    const registry = await startRegistry(config, {
      logger: silentLogger,
      print: () => {},
      handleSignals: false,
      startup: 'publishing the example prompts',
    })
    try {
      expect((await fetch(`${registry.url}/healthz`)).status).toBe(200)
      const pending = await fetch(`${registry.url}/readyz`)
      expect(pending.status).toBe(503)
      expect(pending.headers.get('content-type')).toBe('application/problem+json')
      const problem = await json(pending)
      expect(problem.detail).toBe('not ready: publishing the example prompts')
      expect(problem.checks).toEqual({ startup: 'pending' })
      registry.ready()
      expect((await fetch(`${registry.url}/readyz`)).status).toBe(200)
    } finally {
      await registry.close()
    }
  })

  it('a fresh embedded database starts from the prepared template; an existing one is left as it is', async () => {
    // A template as the CLI's build prepares it: initdb run and every migration applied.
    const template = join(mkdtempSync(join(dataDir, 'template-')), 'db')
    await (await createDatabase({ dataDir: template, migrate: true })).close()
    writeFileSync(join(template, 'canon-template-marker'), 'one')

    const fresh = mkdtempSync(join(dataDir, 'fresh-'))
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', CANON_DATA_DIR: fresh })
    const options = { logger: silentLogger, print: () => {}, handleSignals: false }
    const first = await startRegistry(config, { ...options, embeddedTemplate: template })
    try {
      expect(readFileSync(join(fresh, 'db', 'canon-template-marker'), 'utf8')).toBe('one')
      expect(first.createdAdminKey).toMatch(/^canon_/)
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200)
    } finally {
      await first.close()
    }

    rmSync(join(fresh, 'db', 'canon-template-marker'))
    const again = await startRegistry(config, { ...options, embeddedTemplate: template })
    try {
      expect(existsSync(join(fresh, 'db', 'canon-template-marker'))).toBe(false)
      expect(again.createdAdminKey).toBeUndefined()
    } finally {
      await again.close()
    }
  }, 120_000)

  it('the server entry fails closed on bad configuration (exit 2) and stops on SIGTERM (exit 0)', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url))
    const run = (env: Record<string, string>) =>
      spawn(process.execPath, ['--import', 'tsx', main], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    const exit = (child: ReturnType<typeof run>) =>
      new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))

    const bad = run({ PORT: 'not-a-port' })
    let stderr = ''
    bad.stderr.on('data', (chunk) => (stderr += chunk))
    expect(await exit(bad)).toBe(2)
    expect(stderr).toContain('PORT')
    expect(stderr).not.toMatch(/\n\s+at /)

    const good = run({
      PORT: '0',
      HOST: '127.0.0.1',
      CANON_DATA_DIR: mkdtempSync(join(dataDir, 'main-')),
      CANON_LOG_LEVEL: 'info',
    })
    const exited = exit(good)
    let stdout = ''
    const url = await new Promise<string>((resolve, reject) => {
      good.stdout.on('data', (chunk) => {
        stdout += chunk
        const match = /"msg":"registry listening","url":"([^"]+)"/.exec(stdout)
        if (match?.[1]) resolve(match[1])
      })
      good.on('exit', () => reject(new Error(`exited early: ${stdout}`)))
    })
    expect(stdout).toContain('Created an admin API key')
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    good.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stdout).toContain('"msg":"registry stopped"')
  }, 60_000)
})
