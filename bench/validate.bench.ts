/**
 * `canon validate` over 1 000 generated prompt files, end to end as a user runs it (a fresh
 * `canon` process), against SPEC's 5 s target; and, in the same run, the in-process validation
 * against the bare cost of reading and YAML-parsing the same files.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { validatePaths } from '@canon/core/node'
import yaml from 'js-yaml'
import { median, report } from './lib/measure'
import { writePromptFiles } from './lib/prompt-files'

const COUNT = 1000
const root = resolve(import.meta.dirname, '..')
const dir = mkdtempSync(join(tmpdir(), 'canon-bench-validate-'))

try {
  const files = writePromptFiles(dir, COUNT)
  const cli: number[] = []
  const inProcess: number[] = []
  const bare: number[] = []
  for (let round = 0; round < 3; round += 1) {
    let t = performance.now()
    // The built CLI, as users run it (`npx canon`).
    const res = spawnSync(process.execPath, ['apps/cli/bin/canon.js', 'validate', dir], {
      cwd: root,
      encoding: 'utf8',
    })
    cli.push(performance.now() - t)
    if (res.status !== 0) throw new Error(`canon validate failed:\n${res.stdout}${res.stderr}`)

    t = performance.now()
    const result = await validatePaths([dir])
    inProcess.push(performance.now() - t)
    if (result.errorCount > 0 || result.files.length !== COUNT)
      throw new Error('unexpected validation result')

    t = performance.now()
    for (const f of files) yaml.load(readFileSync(f, 'utf8'))
    bare.push(performance.now() - t)
  }
  const cliMs = median(cli)
  const inMs = median(inProcess)
  const bareMs = median(bare)
  process.stdout.write(
    `${COUNT} files: canon validate process ${cliMs.toFixed(0)} ms, validatePaths in process ${inMs.toFixed(0)} ms (${(inMs / COUNT).toFixed(2)} ms/file), read + js-yaml only ${bareMs.toFixed(0)} ms (${(inMs / bareMs).toFixed(1)} x)\n`,
  )
  report('validate-1000', cliMs / 1000, 's', '<=', 5)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
