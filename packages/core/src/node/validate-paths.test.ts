import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../diagnostics'
import { findPromptFiles } from './find-prompt-files'
import { loadPromptFile } from './load-prompt-file'
import { validatePaths } from './validate-paths'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'canon-validate-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function write(rel: string, text: string): string {
  const path = join(dir, rel)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
  return path
}

const prompt = (name: string, version: number, extra = '') =>
  `name: ${name}\nversion: ${version}\ninputs:\n  who: string\ntemplate: Hi {{ who }}\n${extra}`

describe('findPromptFiles', () => {
  it('walks folders for prompt YAML and skips other YAML', async () => {
    const a = write('prompts/a.v1.yaml', prompt('a', 1))
    const b = write('prompts/nested/b.yml', prompt('b', 1))
    const noName = write('prompts/no-name.yaml', 'version: 1\ntemplate: Hi\n')
    write('prompts/fixtures/config.yaml', 'provider: mock\noutputs: [a, b]\n')
    write('prompts/.github/workflow.yaml', 'name: CI\non: push\n')
    write('prompts/action.yaml', 'name: my action\ninputs:\n  token: {}\n')
    write('prompts/node_modules/x/p.yaml', prompt('x', 1))
    write('prompts/data.golden.jsonl', '{}\n')
    expect(await findPromptFiles([join(dir, 'prompts')])).toEqual([a, noName, b].sort())
  })

  it('keeps files named explicitly, even when they are not prompts', async () => {
    const fixture = write('fixture.yaml', 'provider: mock\n')
    expect(await findPromptFiles([fixture])).toEqual([fixture])
  })
})

describe('validatePaths', () => {
  it('validates a folder of good prompts and reports progress', async () => {
    write('p/a.v1.yaml', prompt('a', 1))
    write('p/a.v2.yaml', prompt('a', 2))
    write('p/b.yaml', prompt('b', 1))
    const progress: string[] = []
    const result = await validatePaths([join(dir, 'p')], {
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    })
    expect(result.errorCount).toBe(0)
    expect(result.files.map((f) => [f.prompt?.name, f.prompt?.version])).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 1],
    ])
    expect(progress).toEqual(['1/3', '2/3', '3/3'])
  })

  it('reports every error of every file', async () => {
    write('p/one.yaml', 'name: one\nversion: 0\ntemplte: x\n')
    write('p/two.yaml', prompt('two', 1).replace('{{ who }}', '{{ whom }}'))
    const result = await validatePaths([join(dir, 'p')])
    const lines = result.files
      .flatMap((f) => f.diagnostics.map(formatDiagnostic))
      .map((l) => l.slice(dir.length + 3))
    expect(lines).toEqual([
      'one.yaml:1:1: error: missing `template` (a text prompt) or `messages` (a chat prompt)',
      'one.yaml:2:10: error: version: must be an integer ≥ 1',
      'one.yaml:3:1: error: unknown key `templte` (did you mean `template`?)',
      'two.yaml:4:3: warning: input `who` is declared but the template never uses it',
      'two.yaml:5:17: error: template uses variable `whom`, which is not declared in `inputs`',
    ])
    expect(result.errorCount).toBe(4)
    expect(result.warningCount).toBe(1)
    expect(result.files.every((f) => f.prompt === undefined)).toBe(true)
  })

  it('rejects the same name and version in two files', async () => {
    write('p/a.yaml', prompt('Summarize', 2))
    write('p/b.yaml', prompt('Summarize', 2))
    const result = await validatePaths([join(dir, 'p')])
    expect(result.errorCount).toBe(1)
    expect(result.files[1]?.prompt).toBeUndefined()
    expect(result.files[1]?.diagnostics.map(formatDiagnostic)).toEqual([
      `${join(dir, 'p/b.yaml')}:2:10: error: Summarize version 2 is also defined in ${join(dir, 'p/a.yaml')}`,
    ])
  })

  it('rejects names that differ only in case', async () => {
    write('p/a.yaml', prompt('Summarize', 1))
    write('p/b.yaml', prompt('summarize', 2))
    const result = await validatePaths([join(dir, 'p')])
    expect(result.files[1]?.diagnostics[0]).toMatchObject({
      line: 1,
      col: 7,
      code: 'name-case-conflict',
      message: expect.stringContaining('differs only in case from `Summarize`'),
    })
  })

  it('reports a missing path instead of throwing', async () => {
    const result = await validatePaths([join(dir, 'nope.yaml')])
    expect(result.errorCount).toBe(1)
    expect(result.files[0]?.diagnostics[0]?.message).toBe('cannot read: no such file')
  })
})

describe('loadPromptFile', () => {
  it('reads an output.schema file next to the prompt', async () => {
    write('p/order.schema.json', '{"type":"object","required":["id"]}')
    const file = write(
      'p/extract.yaml',
      prompt('extract', 1, 'output:\n  schema: {file: ./order.schema.json}\n'),
    )
    const { prompt: def, diagnostics } = await loadPromptFile(file)
    expect(diagnostics).toEqual([])
    expect(def?.output?.schema).toEqual({ type: 'object', required: ['id'] })
  })

  it('reports a schema file that is not JSON', async () => {
    write('p/bad.schema.json', '{type: object')
    const file = write(
      'p/extract.yaml',
      prompt('extract', 1, 'output:\n  schema: bad.schema.json\n'),
    )
    const { diagnostics } = await loadPromptFile(file)
    expect(diagnostics[0]).toMatchObject({ line: 7, col: 11, code: 'output-schema' })
    expect(diagnostics[0]?.message).toContain('bad.schema.json is not valid JSON')
  })
})
