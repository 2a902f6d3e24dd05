import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadConfig, startRegistry } from '@canon/registry'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../../..')

/** `canon serve --demo` as a user runs it, in its own process, stopped with SIGTERM. */
describe('canon serve --demo (the executable)', () => {
  it('prints the simulated-data banner, serves traffic, and on SIGTERM exports everything before closing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'canon-serve-demo-'))
    const env: Record<string, string | undefined> = { ...process.env, CANON_DEBUG: '' }
    for (const name of ['CANON_ADMIN_KEY', 'DATABASE_URL', 'PORT', 'CANON_DATA_DIR']) {
      delete env[name]
    }
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'apps/cli/src/bin.ts',
        'serve',
        '--demo',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--demo-backfill',
        '400',
        '--demo-rate',
        '30',
      ],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    let stdout = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    try {
      const until = Date.now() + 90_000
      while (!/Live simulated traffic/.test(stderr)) {
        if (Date.now() > until || child.exitCode !== null) {
          throw new Error(`serve --demo did not start live traffic:\n${stderr}`)
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      await new Promise((r) => setTimeout(r, 1500))
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)

    expect(stderr).toMatch(/^Demo mode: simulated traffic/m)
    expect(stderr).toContain('the dashboard marks them as simulated')
    expect(stderr).toMatch(
      /Dashboard with the demo's read-only key: http:\/\/127\.0\.0\.1:\d+\/#key=canon_/,
    )
    // The demo quiets request logs.
    expect(stdout).not.toMatch(/"msg":"request"/)
    const summary =
      /Demo stopped: (\d+) simulated executions \((\d+) backfilled, (\d+) live\), (\d+) spans exported, \d+ feedback scores sent\./.exec(
        stderr,
      )
    expect(summary, stderr).not.toBeNull()
    const [, executions, backfilled, live, exported] = (summary ?? []).map(Number)
    expect(backfilled).toBe(400)
    expect(live).toBeGreaterThan(0)
    expect(exported).toBe(executions)

    // Everything the demo counted reached the database before the registry closed.
    const registry = await startRegistry(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        CANON_DATA_DIR: dataDir,
        CANON_ADMIN_KEY: readFileSync(join(dataDir, 'admin-key'), 'utf8').trim(),
        CANON_LOG_LEVEL: 'silent',
      }),
      { handleSignals: false, print: () => {} },
    )
    try {
      const res = await fetch(`${registry.url}/v1/metrics/overview?from=48h`, {
        headers: {
          Authorization: `Bearer ${readFileSync(join(dataDir, 'admin-key'), 'utf8').trim()}`,
        },
      })
      const overview = (await res.json()) as { simulated: boolean; prompts: { calls: number }[] }
      expect(overview.simulated).toBe(true)
      expect(overview.prompts.reduce((sum, p) => sum + p.calls, 0)).toBe(executions)
    } finally {
      await registry.close()
    }
  }, 150_000)
})
