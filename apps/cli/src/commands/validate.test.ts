import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { memoryIo } from '../io'
import { run } from '../main'

const root = resolve(import.meta.dirname, '../../../..')
const badDir = join(root, 'packages/core/test/bad')

/** Each corpus file opens with `# expect: <line>:<col> <words>`. */
function expectation(file: string): { line: number; col: number; words: string } | undefined {
  const head = readFileSync(join(badDir, file), 'latin1').split('\n', 1)[0] ?? ''
  const m = /#\s*expect:\s*(\d+):(\d+)\s+(.*)$/.exec(head)
  return m ? { line: Number(m[1]), col: Number(m[2]), words: (m[3] ?? '').trim() } : undefined
}

describe('canon validate', () => {
  // Checking the datasets' token budgets loads a tokenizer: seconds on a loaded machine.
  it('accepts the example prompts in prompts/', { timeout: 30_000 }, async () => {
    const io = memoryIo({ cwd: root })
    const code = await run(['validate', 'prompts/'], io)
    expect(io.stdout + io.stderr).toMatch(/✔ \d+ prompts valid/)
    expect(code).toBe(0)
  })

  const corpus = readdirSync(badDir).filter((f) => /\.ya?ml$/.test(f))

  it('has a bad-input corpus to check', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15)
  })

  it.each(corpus)('rejects %s with exit 1 and an error at the expected position', async (file) => {
    const io = memoryIo({ cwd: root })
    const code = await run(['validate', join('packages/core/test/bad', file)], io)
    expect(code).toBe(1)
    const want = expectation(file)
    const rel = join('packages/core/test/bad', file)
    if (want) expect(io.stdout).toContain(`${rel}:${want.line}:${want.col}: error:`)
    else expect(io.stdout).toMatch(new RegExp(`${rel.replace(/[.]/g, '\\.')}:\\d+:\\d+: error: `))
    expect(io.stdout + io.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/)
  })

  it('reports every broken file of a folder, not only the first', async () => {
    const io = memoryIo({ cwd: root })
    const code = await run(['validate', 'packages/core/test/bad', '--format', 'json'], io)
    expect(code).toBe(1)
    const report = JSON.parse(io.stdout) as {
      ok: boolean
      files: Array<{ file: string; diagnostics: Array<{ severity: string }> }>
    }
    expect(report.ok).toBe(false)
    const failing = report.files.filter((f) => f.diagnostics.some((d) => d.severity === 'error'))
    expect(failing.length).toBe(corpus.length)
  })

  it('rejects a 50 MB file quickly and without reading it whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canon-big-'))
    const big = join(dir, 'big.yaml')
    writeFileSync(big, `name: Big\nversion: 1\ntemplate: "${'x'.repeat(50 * 1024 * 1024)}"\n`)
    const io = memoryIo({ cwd: dir })
    const started = performance.now()
    const code = await run(['validate', 'big.yaml'], io)
    expect(code).toBe(1)
    expect(io.stdout).toMatch(/big\.yaml:1:1: error: .*(large|size|MiB|MB)/i)
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('is a usage error (exit 2) to name a path that does not exist', async () => {
    const io = memoryIo({ cwd: root })
    expect(await run(['validate', 'no/such/dir'], io)).toBe(2)
    expect(io.stderr).toContain('no such file or folder: no/such/dir')
  })

  it('prints --help with examples and exits 0', async () => {
    const io = memoryIo({ cwd: root })
    expect(await run(['validate', '--help'], io)).toBe(0)
    expect(io.stdout).toContain('Examples:')
    expect(io.stdout).toContain('--format <format>')
  })

  it('rejects an unknown flag with exit 2', async () => {
    const io = memoryIo({ cwd: root })
    expect(await run(['validate', '--fromat', 'json'], io)).toBe(2)
    expect(io.stderr).toMatch(/unknown option/)
  })

  it('checks budget.max_input_tokens over every rendered dataset case, counting as eval does', {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canon-budget-'))
    writeFileSync(
      join(dir, 'reply.v1.yaml'),
      `name: Reply
version: 1
inputs:
  ticket: { type: string, required: true }
model: { provider: openai, name: gpt-4o-mini }
template: |
  Answer the ticket politely.
  <ticket>{{ ticket }}</ticket>
budget:
  max_input_tokens: 60
evaluation:
  dataset: ./reply.golden.jsonl
  assertions: [{ type: contains, value: "Hello" }]
`,
    )
    const cases = [
      { id: 'short', vars: { ticket: 'Where is my invoice?' }, output: 'Hello, here it is.' },
      { id: 'long', vars: { ticket: 'My order never arrived. '.repeat(20) }, output: 'Hello.' },
    ]
    writeFileSync(
      join(dir, 'reply.golden.jsonl'),
      `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`,
    )
    const io = memoryIo({ cwd: dir })
    expect(await run(['validate', '.'], io)).toBe(1)
    const m =
      /^reply\.v1\.yaml:10:21: error: dataset case `long` \(reply\.golden\.jsonl:2\) renders to (\d+) input tokens for gpt-4o-mini, over budget\.max_input_tokens 60$/m.exec(
        io.stdout,
      )
    expect(m, io.stdout).not.toBeNull()
    expect(io.stdout).not.toContain('`short`')

    // The same count canon eval reports for that case.
    const evaluated = memoryIo({ cwd: dir })
    await run(['eval', 'reply.v1.yaml', '--provider', 'mock'], evaluated)
    expect(evaluated.stdout).toContain(
      `rendered prompt is ${m?.[1]} tokens, over budget.max_input_tokens 60`,
    )
  })
})
