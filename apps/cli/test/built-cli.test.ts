import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { memoryIo } from '../src/io'
import { run } from '../src/main'

/**
 * The `canon` users run: the bundle `pnpm install` builds (`apps/cli/build.ts`), through the
 * root's bin link. The other tests spawn the TypeScript source, so a stale bundle cannot hide a
 * change there; these check that the bundle exists, is current, and works as the README says.
 */
const root = resolve(import.meta.dirname, '../../..')

function sh(line: string) {
  const env: Record<string, string | undefined> = { ...process.env, CANON_DEBUG: '' }
  const res = spawnSync('sh', ['-c', line], { cwd: root, encoding: 'utf8', env, timeout: 60_000 })
  return { code: res.status, stdout: res.stdout, stderr: res.stderr }
}

/** The README's shell lines that ask for JSON (`--format json`). */
function readmeJsonCommands(): string[] {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')
  return blocks
    .flatMap((block) => block.replaceAll('\\\n', ' ').split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.includes('--format json'))
}

describe('the built canon', { timeout: 120_000 }, () => {
  it('is current: its root help is the one the source prints', async () => {
    const io = memoryIo()
    expect(await run(['--help'], io)).toBe(0)
    const built = sh('node_modules/.bin/canon --help')
    expect(built.code, built.stderr).toBe(0)
    expect(built.stdout, 'stale bundle: run `pnpm --filter @canon/cli build`').toBe(io.stdout)
  })

  it('runs a command from the bundle (validate the examples, exit 0)', () => {
    const res = sh('node_modules/.bin/canon validate prompts/')
    expect(res.code, res.stderr).toBe(0)
    expect(res.stdout).toMatch(/\d+ prompts valid/)
  })

  it('prints parseable JSON for every README command that asks for it', () => {
    const commands = readmeJsonCommands()
    expect(commands.length).toBeGreaterThan(0)
    for (const line of commands) {
      const res = sh(line)
      expect(res.code, `${line}\n${res.stderr}`).toBe(0)
      expect(() => JSON.parse(res.stdout), `${line} printed:\n${res.stdout}`).not.toThrow()
    }
  })
})
