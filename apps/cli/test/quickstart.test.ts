import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The README's quick start: on a machine with only Node and npm, one command installs and
 * starts the demo, one installs and runs the tests, and CI runs the latter.
 */
const root = resolve(import.meta.dirname, '../../..')

function quickStartCommands(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Quick start'))
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean)
}

/**
 * Runs `scripts/quickstart.mjs` with `pnpm` and `npm` replaced by recorders on PATH (a test
 * cannot install packages globally): returns the commands it ran, in order.
 */
function quickstart(args: string[], pnpmVersion: string) {
  const dir = mkdtempSync(join(tmpdir(), 'canon-quickstart-'))
  const log = join(dir, 'calls')
  for (const tool of ['pnpm', 'npm']) {
    const file = join(dir, tool)
    writeFileSync(
      file,
      `#!/bin/sh\necho "${tool} $*" >> "${log}"\n` +
        (tool === 'pnpm' ? `[ "$1" = "--version" ] && echo "${pnpmVersion}"\n` : '') +
        'exit 0\n',
    )
    chmodSync(file, 0o755)
  }
  const res = spawnSync(process.execPath, ['scripts/quickstart.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH}`, CI: 'true' },
    timeout: 60_000,
  })
  const calls = (() => {
    try {
      return readFileSync(log, 'utf8').trim().split('\n')
    } catch {
      return []
    }
  })()
  return { code: res.status, stdout: res.stdout, stderr: res.stderr, calls }
}

describe('quick start', { timeout: 90_000 }, () => {
  it('is two commands, npm start and npm test, and CI runs the second', () => {
    expect(quickStartCommands()).toEqual(['npm start', 'npm test'])
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts
    expect(scripts.start).toBe('node scripts/quickstart.mjs start')
    expect(scripts.test).toBe('node scripts/quickstart.mjs test')
    const ci = readFileSync(join(root, '.ci/run'), 'utf8')
    expect(ci.trim().split('\n').at(-1)).toBe('npm test')
  })

  it('npm test installs pnpm 10 when missing, installs with a frozen lockfile on CI, then runs every check', () => {
    const res = quickstart(['test'], '9.15.0')
    expect(res.code, res.stderr).toBe(0)
    expect(res.calls).toEqual([
      'pnpm --version',
      'npm install --global pnpm@10',
      'pnpm install --frozen-lockfile',
      'pnpm run test:all',
    ])
  })

  it('npm start installs, then runs the built canon serve --demo with the arguments given', () => {
    const res = quickstart(['start', '--help'], '10.34.9')
    expect(res.code, res.stderr).toBe(0)
    expect(res.calls).toEqual(['pnpm --version', 'pnpm install --frozen-lockfile'])
    expect(res.stdout).toContain('Usage: canon serve [options]')
  })
})
