/**
 * Times `listPrompts` (first page) and `snapshot` over 10 000 prompts × 5 versions on PGlite
 * (in memory) and Postgres (a throwaway database on TEST_DATABASE_URL).
 *
 *   pnpm --filter @canon/db bench:list [prompts] [versionsEach]
 */
import { performance } from 'node:perf_hooks'
import type { DatabaseKind } from '../src/database'
import { createTestDatabase, postgresProblem, seedPrompts } from '../src/testing'
import { listPrompts } from '../src/verbs/list-prompts'
import { snapshot } from '../src/verbs/snapshot'

const prompts = Number(process.argv[2] ?? 10_000)
const versionsEach = Number(process.argv[3] ?? 5)

async function time(fn: () => Promise<unknown>, runs = 7): Promise<string> {
  await fn() // warm-up
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return `median ${samples[Math.floor(runs / 2)]!.toFixed(1)} ms (min ${samples[0]!.toFixed(1)})`
}

for (const kind of ['pglite', 'postgres'] as DatabaseKind[]) {
  if (kind === 'postgres') {
    const problem = await postgresProblem()
    if (problem) {
      process.stdout.write(`postgres: skipped, ${problem}\n`)
      continue
    }
  }
  const t = await createTestDatabase(kind)
  try {
    const seedStart = performance.now()
    await seedPrompts(t.db, { prompts, versionsEach })
    const seeded = performance.now() - seedStart
    const lines = [
      `${kind}: seed ${prompts} × ${versionsEach} in ${seeded.toFixed(0)} ms`,
      `${kind}: listPrompts first page (50)       ${await time(() => listPrompts(t.db))}`,
      `${kind}: listPrompts tag filter (50)       ${await time(() => listPrompts(t.db, { tag: 'team-3' }))}`,
      `${kind}: listPrompts search (50)           ${await time(() => listPrompts(t.db, { search: '0042' }))}`,
      `${kind}: snapshot production (${prompts})  ${await time(() => snapshot(t.db, { label: 'production' }), 3)}`,
      `${kind}: snapshot latest (${prompts})      ${await time(() => snapshot(t.db, { label: 'latest' }), 3)}`,
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
  } finally {
    await t.close()
  }
}
