/**
 * Cold start of `canon serve` (the built CLI, as users run it) on the embedded database: a fresh
 * process on a fresh data folder, polled from the moment it starts, until it answers at all
 * (`/healthz`) and until `/readyz` answers 200, which it does once the example prompts are
 * published (target ≤ 3 s on a quiet machine; SPEC §7 allows 10 s); then a restart on the same
 * folder. Baselines in the same run: a bare `node` process start, and what creating the embedded
 * database costs (PGlite initdb + migrations), which the build's prepared template saves.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createDatabase } from '@canon/db'
import { report } from './lib/measure'

const root = resolve(import.meta.dirname, '..')
const bin = resolve(root, 'apps/cli/bin/canon.js')

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail()))
    })
  })
}

async function timeStart(dataDir: string) {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', String(port), '--data-dir', dataDir],
    {
      cwd: root,
      env: { ...process.env, CANON_LOG_LEVEL: 'warn', CANON_ADMIN_KEY: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  let listeningMs: number | undefined
  for (;;) {
    if (child.exitCode !== null) throw new Error(`canon serve exited ${child.exitCode}:\n${stderr}`)
    const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined)
    if (res) listeningMs ??= performance.now() - started
    if (res?.status === 200) break
    await new Promise((r) => setTimeout(r, 20))
  }
  return { listeningMs: listeningMs ?? 0, readyMs: performance.now() - started, child }
}

async function stop(child: ChildProcess) {
  const exited = new Promise((ok) => child.once('exit', ok))
  child.kill('SIGTERM')
  await exited
}

const dataDir = mkdtempSync(join(tmpdir(), 'canon-bench-serve-'))
try {
  let t = performance.now()
  spawnSync(process.execPath, ['-e', '0'])
  const bareMs = performance.now() - t

  t = performance.now()
  await (await createDatabase({ dataDir: join(dataDir, 'initdb'), migrate: true })).close()
  const initdbMs = performance.now() - t

  const first = await timeStart(join(dataDir, 'serve'))
  await stop(first.child)
  const restart = await timeStart(join(dataDir, 'serve'))
  await stop(restart.child)
  process.stdout.write(
    `first start: answering after ${first.listeningMs.toFixed(0)} ms, ready (prompts published) after ${first.readyMs.toFixed(0)} ms; ` +
      `restart: ready after ${restart.readyMs.toFixed(0)} ms; bare node start ${bareMs.toFixed(0)} ms; ` +
      `creating the embedded database (initdb + migrations, saved by the template) ${initdbMs.toFixed(0)} ms\n`,
  )
  report('serve-cold-start', first.readyMs / 1000, 's', '<=', 3)
  report('serve-restart', restart.readyMs / 1000, 's', '<=', 3)
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
