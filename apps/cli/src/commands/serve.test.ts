import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadPromptFile } from '@canon/core/node'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../../..')
const dataDir = mkdtempSync(join(tmpdir(), 'canon-serve-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** A port nobody listens on, so the test can poll it before `serve` prints anything. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail()))
    })
  })
}

/** What `prompts/` will be served as: each prompt's name and highest version. */
async function examplePrompts(): Promise<Map<string, number>> {
  const highest = new Map<string, number>()
  for (const file of readdirSync(join(root, 'prompts')).filter((f) => /\.ya?ml$/.test(f))) {
    const loaded = await loadPromptFile(join(root, 'prompts', file))
    if (!loaded.prompt) continue
    const { name, version } = loaded.prompt
    highest.set(name, Math.max(version, highest.get(name) ?? 0))
  }
  return highest
}

describe('canon serve (the executable)', () => {
  it('is ready only once the example prompts are published and labelled; logs JSON on stdout, the banner on stderr; Ctrl-C ends with exit 0', async () => {
    const port = await freePort()
    const env: Record<string, string | undefined> = { ...process.env, CANON_DEBUG: '' }
    for (const name of ['CANON_ADMIN_KEY', 'DATABASE_URL', 'PORT', 'CANON_DATA_DIR', 'CI']) {
      delete env[name]
    }
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'apps/cli/src/bin.ts',
        'serve',
        '--port',
        String(port),
        '--data-dir',
        dataDir,
      ],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    const url = `http://127.0.0.1:${port}`
    try {
      // A script waiting for readiness, polling from the moment the process starts.
      const notReady: string[] = []
      const until = Date.now() + 120_000
      for (;;) {
        if (Date.now() > until || child.exitCode !== null) {
          throw new Error(`serve never became ready:\n${stderr}`)
        }
        const res = await fetch(`${url}/readyz`).catch(() => undefined)
        if (res?.status === 200) break
        if (res) notReady.push(`${res.status} ${((await res.json()) as { detail: string }).detail}`)
        await new Promise((r) => setTimeout(r, 50))
      }

      // At the first 200, every example prompt is there, `production` on its highest version.
      const key = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim()
      const auth = { authorization: `Bearer ${key}` }
      const expected = await examplePrompts()
      expect(expected.size).toBeGreaterThan(1)
      const listed = (await (await fetch(`${url}/v1/prompts`, { headers: auth })).json()) as {
        prompts: Array<{ name: string }>
      }
      expect(listed.prompts.map((p) => p.name).sort()).toEqual([...expected.keys()].sort())
      for (const [name, version] of expected) {
        const label = await fetch(`${url}/v1/prompts/${name}/labels/production`, { headers: auth })
        expect(label.status, name).toBe(200)
        expect(((await label.json()) as { version: number }).version, name).toBe(version)
      }
      // Before that, readiness said why it was not ready.
      expect(notReady.length).toBeGreaterThan(0)
      expect(notReady.at(-1)).toBe('503 not ready: publishing the example prompts (prompts)')

      // The banner says how to point the CLI at this port and this data folder.
      expect(stderr).toContain(`Canon registry on ${url}`)
      expect(stderr).toContain(`export CANON_REGISTRY_URL=${url}`)
      expect(stderr).toContain(`export CANON_API_KEY=$(cat ${join(dataDir, 'admin-key')})`)
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
    expect(stderr).toMatch(/Canon registry stopped\.\n$/)
    expect(stderr).not.toMatch(/error|ELIFECYCLE|\n\s+at /i)
    // Not on a terminal: request logs are JSON lines on stdout, and nothing else is there.
    const lines = stdout.trim().split('\n')
    expect(lines.map((line) => JSON.parse(line).msg)).toContain('request')
    expect(stderr).not.toContain('{"level"')
  }, 180_000)
})
