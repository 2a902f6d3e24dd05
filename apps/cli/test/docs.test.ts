/**
 * The docs hold up: the "complete example" of prompts/README.md works when copied as written
 * (its prompt file, dataset and fixtures, taken from the fenced blocks, validate and pass
 * `canon eval` offline), and no Markdown file points at a document the repo does not have.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { memoryIo } from '../src/io'
import { run } from '../src/main'

const repo = resolve(import.meta.dirname, '../../..')
const readme = readFileSync(join(repo, 'prompts/README.md'), 'utf8')

/**
 * The fenced blocks of a section, each with the file it is: the `# prompts/<file>` comment on
 * its first line, or the first backticked file name in the paragraph before it.
 */
function exampleFiles(section: string): Map<string, string> {
  const start = readme.indexOf(`## ${section}`)
  if (start < 0) throw new Error(`prompts/README.md has no section "${section}"`)
  const text = readme.slice(start)
  const files = new Map<string, string>()
  const fence = /```\w*\n([\s\S]*?)```/g
  let previousEnd = 0
  for (const m of text.matchAll(fence)) {
    const body = m[1] ?? ''
    const before = text.slice(previousEnd, m.index)
    previousEnd = m.index + m[0].length
    const named =
      /^#\s*(?:prompts\/)?([\w.-]+\.ya?ml)\b/.exec(body)?.[1] ??
      /`([\w.-]+\.(?:jsonl|json|ya?ml))`/.exec(before)?.[1]
    if (named) files.set(named, body)
  }
  return files
}

describe('the complete example in prompts/README.md', () => {
  it('validates and passes canon eval --provider mock as written', {
    timeout: 60_000,
  }, async () => {
    const files = exampleFiles('A complete example, annotated')
    expect([...files.keys()].sort()).toEqual([
      'translate_reply.golden.jsonl',
      'translate_reply.v1.fixtures.jsonl',
      'translate_reply.v1.yaml',
    ])
    const dir = mkdtempSync(join(tmpdir(), 'canon-readme-example-'))
    for (const [name, body] of files) writeFileSync(join(dir, name), body)

    const validated = memoryIo({ cwd: dir })
    expect(await run(['validate', '.'], validated), validated.stdout).toBe(0)
    expect(validated.stdout).toContain('✔ 1 prompt valid')

    const evaluated = memoryIo({ cwd: dir })
    const code = await run(['eval', '.', '--provider', 'mock'], evaluated)
    expect(code, evaluated.stdout + evaluated.stderr).toBe(0)
    expect(evaluated.stdout).toContain('2 of 2 cases passed')
  })
})

describe('the Markdown docs', () => {
  it('say things in their own words instead of citing SPEC sections the repo does not have', () => {
    const docs = ['README.md', 'ARCHITECTURE.md', 'prompts/README.md']
    for (const group of ['apps', 'packages']) {
      for (const name of readdirSync(join(repo, group))) {
        if (existsSync(join(repo, group, name, 'README.md')))
          docs.push(`${group}/${name}/README.md`)
      }
    }
    expect(docs.length).toBeGreaterThan(6)
    for (const doc of docs) {
      const cites = readFileSync(join(repo, doc), 'utf8')
        .split('\n')
        .flatMap((line, i) => (/SPEC(\.md)?\b|§/.test(line) ? [`${doc}:${i + 1}: ${line}`] : []))
      expect(cites).toEqual([])
    }
  })
})
