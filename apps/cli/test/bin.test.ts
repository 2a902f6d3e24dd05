import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')

/** Runs the real `canon` entry point, as `pnpm canon` does. */
function canon(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'apps/cli/src/bin.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CANON_DEBUG: '' },
    timeout: 30_000,
  })
  return { code: res.status, stdout: res.stdout, stderr: res.stderr }
}

describe('the canon executable', { timeout: 30_000 }, () => {
  it('exits 1 on template-escape attempts, naming file:line:col, without a stack trace', () => {
    const res = canon('validate', 'packages/core/test/bad')
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(
      /packages\/core\/test\/bad\/[\w.-]+\.ya?ml:\d+:\d+: error: .*constructor/,
    )
    expect(res.stdout + res.stderr).not.toMatch(/^\s+at /m)
  })

  it('exits 0 on the example prompts and 2 on a usage error', () => {
    expect(canon('validate', 'prompts/').code).toBe(0)
    const usage = canon('render')
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain("missing required argument 'prompt'")
  })
})
