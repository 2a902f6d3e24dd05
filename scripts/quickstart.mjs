#!/usr/bin/env node
/**
 * `npm start` and `npm test` on a machine with only Node and npm: installs pnpm 10 when it is
 * missing (with npm: corepack fails signature checks on some machines), installs the
 * dependencies (`pnpm install`, which also builds the CLI and the dashboard; frozen lockfile on
 * CI), then
 *   start  runs `canon serve --demo` (arguments after `npm start --` are passed on);
 *   test   runs every check CI runs (`pnpm run test:all`).
 * Plain JavaScript on purpose: it runs before anything is installed.
 */
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const [task, ...args] = process.argv.slice(2)
if (task !== 'start' && task !== 'test') {
  process.stderr.write('usage: node scripts/quickstart.mjs start|test [arguments]\n')
  process.exit(2)
}

/** Runs a command to completion with the terminal attached; exits with its code on failure. */
function step(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' })
  if (result.error) {
    process.stderr.write(`${command}: ${result.error.message}\n`)
    process.exit(1)
  }
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const pnpm = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
if (pnpm.status !== 0 || !pnpm.stdout.startsWith('10.')) {
  process.stderr.write('Installing pnpm 10 with npm…\n')
  step('npm', ['install', '--global', 'pnpm@10'])
}
const ci = Boolean(process.env.CI) && process.env.CI !== 'false'
step('pnpm', ['install', ...(ci ? ['--frozen-lockfile'] : [])])

if (task === 'test') {
  step('pnpm', ['run', 'test:all'])
  process.exit(0)
}

// The CLI itself, not through a package manager: Ctrl-C then stops the server gracefully and
// the command ends with its exit code (0), with no "command failed" from pnpm.
const serve = spawn(
  process.execPath,
  [join(root, 'apps/cli/bin/canon.js'), 'serve', '--demo', ...args],
  {
    cwd: root,
    stdio: 'inherit',
  },
)
// Ctrl-C reaches the server directly (same process group); this process waits for it to finish.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => serve.kill('SIGTERM'))
serve.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
