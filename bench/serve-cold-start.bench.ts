/**
 * Cold start of `canon serve` on the embedded database (SPEC §7: ≤ 10 s): a fresh process on a
 * fresh data folder until `/readyz` answers 200 with the example prompts published; then a
 * restart on the same folder. Baseline in the same run: a bare `node` process start.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { report } from './lib/measure'

const root = resolve(import.meta.dirname, '..')

async function timeStart(dataDir: string): Promise<{ ms: number; child: ChildProcess }> {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/cli/src/bin.ts', 'serve', '--port', '0', '--data-dir', dataDir],
    {
      cwd: root,
      env: { ...process.env, CANON_LOG_LEVEL: 'warn', CANON_ADMIN_KEY: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let stderr = ''
  const url = await new Promise<string>((ok, fail) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const m = /Canon registry on (http:\/\/\S+)/.exec(stderr)
      if (m?.[1]) ok(m[1])
    })
    child.once('exit', (code) => fail(new Error(`canon serve exited ${code}:\n${stderr}`)))
  })
  const res = await fetch(`${url}/readyz`)
  if (res.status !== 200) throw new Error(`/readyz answered ${res.status}`)
  return { ms: performance.now() - started, child }
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

  const first = await timeStart(dataDir)
  await stop(first.child)
  const restart = await timeStart(dataDir)
  await stop(restart.child)
  t = performance.now()
  process.stdout.write(
    `first start (migrate + seed prompts/) ${first.ms.toFixed(0)} ms, restart ${restart.ms.toFixed(0)} ms, bare node start ${bareMs.toFixed(0)} ms\n`,
  )
  report('serve-cold-start', first.ms / 1000, 's', '<=', 10)
  report('serve-restart', restart.ms / 1000, 's', '<=', 10)
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
