import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { memoryIo } from '../io'
import { run } from '../main'

const dir = mkdtempSync(join(tmpdir(), 'canon-render-'))
writeFileSync(
  join(dir, 'greet.yaml'),
  `name: Greet
version: 3
inputs:
  who: { type: string, required: true }
  times: { type: integer, required: false, default: 1 }
  loud: { type: boolean, required: false, default: false }
template: |-
  {% for i in range(times) %}Hello {{ who | upper if loud else who }}!
  {% endfor %}
`,
)
writeFileSync(
  join(dir, 'chat.yaml'),
  `name: Chatty
version: 1
input_variables: [question]
messages:
  - role: system
    content: You answer briefly.
  - role: user
    content: "{{ question }}"
`,
)

// The first render of a worker loads the template engine: seconds on a loaded machine.
describe('canon render', { timeout: 30_000 }, () => {
  it('renders a text prompt with --var values typed by the declared inputs', async () => {
    const io = memoryIo({ cwd: dir })
    const code = await run(
      ['render', 'greet.yaml', '--var', 'who=Ada', '--var', 'times=2', '--var', 'loud=true'],
      io,
    )
    expect(io.stderr).toBe('')
    expect(code).toBe(0)
    expect(io.stdout).toBe('Hello ADA!\nHello ADA!\n')
  })

  it('reads --vars-file and lets --var override it', async () => {
    writeFileSync(join(dir, 'vars.yaml'), 'who: Grace\ntimes: 1\n')
    const io = memoryIo({ cwd: dir })
    expect(await run(['render', 'greet.yaml', '--vars-file', 'vars.yaml'], io)).toBe(0)
    expect(io.stdout).toBe('Hello Grace!\n')
    const io2 = memoryIo({ cwd: dir })
    expect(
      await run(['render', 'greet.yaml', '--vars-file', 'vars.yaml', '--var', 'who=Lin'], io2),
    ).toBe(0)
    expect(io2.stdout).toBe('Hello Lin!\n')
  })

  it('fails with exit 1 on a missing required input instead of rendering an empty string', async () => {
    const io = memoryIo({ cwd: dir })
    expect(await run(['render', 'greet.yaml'], io)).toBe(1)
    expect(io.stderr).toMatch(/missing required input `who`/)
    expect(io.stdout).toBe('')
  })

  it('is a usage error (exit 2) when a --var value cannot have the declared type', async () => {
    const io = memoryIo({ cwd: dir })
    expect(await run(['render', 'greet.yaml', '--var', 'who=Ada', '--var', 'times=many'], io)).toBe(
      2,
    )
    expect(io.stderr).toContain('--var times: expected a number, got `many`')
  })

  it('renders chat prompts as role-headed blocks, and as messages in JSON', async () => {
    const io = memoryIo({ cwd: dir })
    expect(await run(['render', 'chat.yaml', '--var', 'question=Why?'], io)).toBe(0)
    expect(io.stdout).toBe('[system]\nYou answer briefly.\n\n[user]\nWhy?\n')
    const json = memoryIo({ cwd: dir })
    expect(
      await run(['render', 'chat.yaml', '--var', 'question=Why?', '--format', 'json'], json),
    ).toBe(0)
    const out = JSON.parse(json.stdout)
    expect(out).toMatchObject({ name: 'Chatty', version: 1, kind: 'chat' })
    expect(out.messages).toEqual([
      { role: 'system', content: 'You answer briefly.' },
      { role: 'user', content: 'Why?' },
    ])
    expect(out.digest).toMatch(/^[0-9a-f]{64}$/)
    expect(out.inputTokens).toBeGreaterThan(3)
  })

  it('refuses to render an invalid prompt file and prints its diagnostics', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'name: Bad\nversion: 1\ntemplate: "{{ x.constructor }}"\ninput_variables: [x]\n',
    )
    const io = memoryIo({ cwd: dir })
    expect(await run(['render', 'bad.yaml', '--var', 'x=1'], io)).toBe(1)
    expect(io.stderr).toMatch(/^bad\.yaml:3:\d+: error: .*constructor/m)
  })

  it('renders the example SummarizeSupportTicket in both output formats', async () => {
    const root = resolve(import.meta.dirname, '../../../..')
    for (const format of ['summary', 'detailed']) {
      const io = memoryIo({ cwd: root })
      const code = await run(
        [
          'render',
          'prompts/summarize_support_ticket.v1.yaml',
          '--var',
          'support_ticket_text=I was charged twice for my subscription this month.',
          '--var',
          `output_format=${format}`,
        ],
        io,
      )
      expect(io.stderr).toBe('')
      expect(code).toBe(0)
      expect(io.stdout).toContain('I was charged twice for my subscription this month.')
    }
  })

  it('runs every example of `render --help` that names a prompt file, as written', async () => {
    const root = resolve(import.meta.dirname, '../../../..')
    const help = memoryIo({ cwd: root })
    await run(['render', '--help'], help)
    const examples = help.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('$ pnpm canon render prompts/'))
    expect(examples.length).toBeGreaterThanOrEqual(2)
    for (const example of examples) {
      const io = memoryIo({ cwd: root })
      const code = await run(shellWords(example.slice('$ pnpm canon '.length)), io)
      expect(io.stderr, example).toBe('')
      expect(code, example).toBe(0)
    }
  })
})

/** Splits a shell command line as sh would: double quotes group, an unquoted ` #` starts a comment. */
function shellWords(line: string): string[] {
  const words: string[] = []
  let word: string | undefined
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string
    if (ch === '"') {
      quoted = !quoted
      word ??= ''
    } else if (!quoted && /\s/.test(ch)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (!quoted && ch === '#' && word === undefined) {
      break
    } else {
      word = (word ?? '') + ch
    }
  }
  if (word !== undefined) words.push(word)
  return words
}
