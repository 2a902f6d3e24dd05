/**
 * The bad-input corpus: every file in `test/bad/` starts with `# expect: L:C words…` and must be
 * rejected with an error at that line:col whose message holds those words, quickly.
 */
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../src/diagnostics'
import { loadPromptFile, validatePaths } from '../src/node'

const BAD = join(import.meta.dirname, 'bad')
const files = readdirSync(BAD)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()

function expectation(file: string) {
  const first = readFileSync(join(BAD, file), 'utf8').split('\n', 1)[0] ?? ''
  const m = /^# expect: (\d+):(\d+) (.+)$/.exec(first)
  if (!m) throw new Error(`${file} has no "# expect: L:C words" first line`)
  return { line: Number(m[1]), col: Number(m[2]), words: (m[3] as string).split(/\s+/) }
}

describe('bad-input corpus', () => {
  it('has a file for every case', () => {
    expect(files.length).toBeGreaterThanOrEqual(18)
  })

  for (const file of files) {
    it(`rejects ${file} at the expected place`, async () => {
      const want = expectation(file)
      const started = performance.now()
      const { prompt, diagnostics } = await loadPromptFile(join(BAD, file))
      const elapsed = performance.now() - started
      const errors = diagnostics.filter((d) => d.severity === 'error')
      expect(prompt).toBeUndefined()
      expect(errors.length).toBeGreaterThan(0)
      const at = errors.filter((d) => d.line === want.line && d.col === want.col)
      expect(at.map(formatDiagnostic), errors.map(formatDiagnostic).join('\n')).not.toHaveLength(0)
      const message = at.map((d) => d.message.toLowerCase()).join('\n')
      for (const word of want.words) expect(message).toContain(word.toLowerCase())
      expect(elapsed).toBeLessThan(1000)
    })
  }

  it('reports every corpus file when the folder is validated', async () => {
    const result = await validatePaths([BAD])
    expect(result.files.map((f) => f.file.slice(BAD.length + 1))).toEqual(files)
    expect(result.files.every((f) => f.diagnostics.some((d) => d.severity === 'error'))).toBe(true)
    expect(result.errorCount).toBeGreaterThanOrEqual(files.length)
  })

  describe('a 50 MB file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canon-big-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('is rejected before being read, fast', async () => {
      const path = join(dir, 'huge.yaml')
      const fd = openSync(path, 'w')
      const chunk = Buffer.from(
        `name: huge\nversion: 1\ntemplate: |\n${'  lorem ipsum dolor sit amet\n'.repeat(36_000)}`,
      )
      for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length)
        writeSync(fd, chunk)
      closeSync(fd)
      const started = performance.now()
      const { diagnostics } = await loadPromptFile(path)
      expect(performance.now() - started).toBeLessThan(200)
      expect(diagnostics).toHaveLength(1)
      expect(diagnostics[0]).toMatchObject({
        line: 1,
        col: 1,
        severity: 'error',
        code: 'file-too-large',
      })
      expect(diagnostics[0]?.message).toMatch(
        /file is 50\.\d MiB; prompt files are limited to 1\.0 MiB/,
      )
    })
  })
})
