/**
 * Start-up of the `canon` users run (the bundle `pnpm install` builds, through its bin) for
 * `canon --help` (target ≤ 0.25 s) and `canon validate prompts/` (≤ 0.5 s), against a bare
 * `node -e 0` measured in the same run, in alternating rounds. For reference, the same commands
 * through the TypeScript loader (`node --import tsx apps/cli/src/bin.ts`), as the CLI ran before
 * it shipped built.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { median, report } from './lib/measure'

const root = resolve(import.meta.dirname, '..')
const bin = resolve(root, 'apps/cli/bin/canon.js')
if (!existsSync(resolve(root, 'apps/cli/dist/bin.js'))) {
  throw new Error('the CLI is not built: run `pnpm --filter @canon/cli build`')
}
const ROUNDS = 7

const runs = {
  'node -e 0': ['-e', '0'],
  'canon --help': [bin, '--help'],
  'canon validate prompts/': [bin, 'validate', 'prompts/'],
  'tsx source --help': ['--import', 'tsx', 'apps/cli/src/bin.ts', '--help'],
  'tsx source validate prompts/': [
    '--import',
    'tsx',
    'apps/cli/src/bin.ts',
    'validate',
    'prompts/',
  ],
} as const
type Run = keyof typeof runs

const times = Object.fromEntries(Object.keys(runs).map((k) => [k, [] as number[]])) as Record<
  Run,
  number[]
>
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, args] of Object.entries(runs) as [Run, readonly string[]][]) {
    const started = performance.now()
    const res = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
    times[name].push(performance.now() - started)
    if (res.status !== 0) throw new Error(`${name} exited ${res.status}:\n${res.stderr}`)
  }
}

const ms = (name: Run) => median(times[name])
const bare = ms('node -e 0')
for (const name of Object.keys(runs) as Run[]) {
  process.stdout.write(
    `${name.padEnd(30)} ${ms(name).toFixed(0).padStart(6)} ms  (${(ms(name) / bare).toFixed(1)} x node -e 0)\n`,
  )
}
process.stdout.write(
  `built vs tsx source: --help ${(ms('tsx source --help') / ms('canon --help')).toFixed(1)} x faster, ` +
    `validate ${(ms('tsx source validate prompts/') / ms('canon validate prompts/')).toFixed(1)} x faster\n`,
)
report('cli-help', ms('canon --help') / 1000, 's', '<=', 0.25)
report('cli-validate', ms('canon validate prompts/') / 1000, 's', '<=', 0.5)
