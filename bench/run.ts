/**
 * `pnpm bench` runs every `bench/*.bench.ts` in turn; `pnpm bench render` runs one.
 * Each benchmark prints `bench <id>: <value> <unit> (target <op> <value>) PASS|MISS` lines.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const all = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort()
const wanted = process.argv.slice(2)
const unknown = wanted.filter((id) => !all.includes(id))
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark: ${unknown.join(', ')}\navailable: ${all.join(', ')}\n`)
  process.exit(2)
}
let failed = false
for (const id of wanted.length > 0 ? wanted : all) {
  process.stdout.write(`\n== ${id}\n`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${id}.bench.ts`)], {
    stdio: 'inherit',
  })
  if (result.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)
