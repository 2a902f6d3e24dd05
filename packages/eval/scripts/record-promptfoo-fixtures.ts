/**
 * Records promptfoo's own verdicts on the conformance corpus into
 * test/fixtures/promptfoo-assertions.json. Run by hand, never in CI (promptfoo is not a
 * dependency of Canon): install promptfoo in a folder outside the repo, then point at it.
 *
 *   mkdir -p /tmp/promptfoo && cd /tmp/promptfoo && npm init -y \
 *     && npm install promptfoo@0.123.1 --ignore-scripts
 *   PROMPTFOO_DIR=/tmp/promptfoo pnpm --filter @canon/eval exec tsx scripts/record-promptfoo-fixtures.ts
 *   pnpm exec biome format --write packages/eval/test/fixtures/promptfoo-assertions.json
 *
 * Each entry gets promptfoo's `{pass, score}` (`runAssertion` for one assertion,
 * `runAssertions` for a whole case), or `{error}` when promptfoo rejects the assertion.
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CORPUS, type CorpusEntry } from './promptfoo-corpus'

type Verdict = { pass: boolean; score: number } | { error: string }

interface PromptfooAssertions {
  runAssertion(options: unknown): Promise<{ pass: boolean; score: number }>
  runAssertions(options: unknown): Promise<{ pass: boolean; score: number }>
}

async function main(): Promise<void> {
  const dir = process.env.PROMPTFOO_DIR
  if (!dir) throw new Error('set PROMPTFOO_DIR to a folder where promptfoo is installed')
  // promptfoo writes its config and database under this folder; keep it out of $HOME.
  process.env.PROMPTFOO_CONFIG_DIR ??= join(dir, '.promptfoo')
  process.env.PROMPTFOO_DISABLE_TELEMETRY = '1'
  process.env.PROMPTFOO_DISABLE_UPDATE = '1'
  const pkgDir = join(dir, 'node_modules', 'promptfoo')
  const { version } = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as {
    version: string
  }
  const promptfoo = (await import(pathToFileURL(join(pkgDir, 'dist/src/index.js')).href)) as {
    assertions?: PromptfooAssertions
    default?: { assertions: PromptfooAssertions }
  }
  const assertions = promptfoo.assertions ?? promptfoo.default?.assertions
  if (!assertions) throw new Error(`promptfoo ${version} exports no assertions runner`)

  // Stub graders, so both tools grade on the same judge answer and the same vectors.
  const graderFor = (entry: CorpusEntry) => {
    if (entry.judge !== undefined) {
      const output = entry.judge
      return { id: () => 'canon-stub-judge', callApi: async () => ({ output }) }
    }
    if (entry.embeddings !== undefined) {
      const table = entry.embeddings
      return {
        id: () => 'canon-stub-embeddings',
        callApi: async () => ({ error: 'embeddings only' }),
        callEmbeddingApi: async (text: string) =>
          table[text] ? { embedding: table[text] } : { error: `no stub vector for ${text}` },
      }
    }
    return undefined
  }

  const verdictOf = async (entry: CorpusEntry): Promise<Verdict> => {
    const providerResponse = {
      output: entry.output,
      ...(entry.cost === undefined ? {} : { cost: entry.cost }),
    }
    const grader = graderFor(entry)
    const options = grader ? { provider: grader } : {}
    try {
      const result = entry.assertions
        ? await assertions.runAssertions({
            test: { vars: {}, assert: entry.assertions, options },
            providerResponse,
            latencyMs: entry.latencyMs,
          })
        : await assertions.runAssertion({
            assertion: entry.assertion,
            test: { vars: {}, assert: [entry.assertion], options },
            providerResponse,
            latencyMs: entry.latencyMs,
          })
      return { pass: result.pass, score: result.score }
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) }
    }
  }

  const cases = []
  for (const entry of CORPUS) cases.push({ ...entry, promptfoo: await verdictOf(entry) })
  const out = new URL('../test/fixtures/promptfoo-assertions.json', import.meta.url)
  const fixture = {
    recordedWith: `promptfoo ${version}`,
    recordedBy: 'packages/eval/scripts/record-promptfoo-fixtures.ts',
    recordedAt: new Date().toISOString().slice(0, 10),
    cases,
  }
  await writeFile(out, `${JSON.stringify(fixture, null, 2)}\n`)
  process.stdout.write(
    `recorded ${cases.length} verdicts of promptfoo ${version} into ${out.pathname}\n`,
  )
  process.exit(0) // promptfoo leaves handles (database, logger) open.
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
