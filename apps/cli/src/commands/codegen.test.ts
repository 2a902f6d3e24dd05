import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'
import { memoryIo } from '../io'
import { run } from '../main'

const repo = fileURLToPath(new URL('../../../../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'canon-codegen-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Calls an app makes, checked against the generated types; `@ts-expect-error` marks the wrong ones. */
const USAGE = `
import { createCanon } from '@canon/sdk'
import './canon-prompts'

const canon = createCanon({ baseUrl: 'https://canon.example.com' })

export async function correct(): Promise<string> {
  const summarize = await canon.get('SummarizeSupportTicket', { label: 'production' })
  const text: string = summarize.render({ support_ticket_text: 'hi' })
  summarize.render({ support_ticket_text: 'hi', output_format: 'detailed' })
  const v2 = await canon.get('SummarizeSupportTicket', { version: 2 })
  const version: 2 = v2.version
  const reply = await canon.get('DraftSupportReply', { context: { userId: 'u1' } })
  const messages = reply.render({ customer_message: 'hi', knowledge_base_articles: [], tone: 'formal' })
  const role: 'system' | 'user' | 'assistant' = messages[0]!.role
  const classify = await canon.get('ClassifyTicketIntent')
  classify.render({ ticket_subject: '', ticket_text: 'x' })
  // Prompts the types do not know still work, untyped.
  const other = await canon.get('SomethingNew')
  other.render({ anything: 1 })
  return text + version + role
}

export async function incorrect() {
  const summarize = await canon.get('SummarizeSupportTicket')
  // @ts-expect-error missing the required support_ticket_text
  summarize.render({ output_format: 'summary' })
  // @ts-expect-error misspelled variable
  summarize.render({ support_ticket_txt: 'hi' })
  // @ts-expect-error not one of the enum values
  summarize.render({ support_ticket_text: 'hi', output_format: 'long' })
  // @ts-expect-error wrong type
  summarize.render({ support_ticket_text: 42 })
  // @ts-expect-error no variables at all
  summarize.render()
  const chat = await canon.get('DraftSupportReply', { version: 1 })
  // @ts-expect-error a chat prompt renders to messages, not a string
  const text: string = chat.render({ customer_message: 'hi', knowledge_base_articles: [] })
  // @ts-expect-error version 7 is not among the typed versions' numbers
  const seven: 7 = (await canon.get('SummarizeSupportTicket', { version: 1 })).version
  return [text, seven]
}
`

function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    typeRoots: [join(repo, 'node_modules/@types')],
    skipLibCheck: true,
    noUncheckedIndexedAccess: true,
    paths: { '@canon/sdk': [join(repo, 'packages/sdk/src/index.ts')] },
  })
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || d.file.fileName.startsWith(dir))
    .map((d) => {
      const where =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined
      return `${where ? `${where.line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    })
}

describe('canon codegen', () => {
  it('writes types that accept correct calls and reject wrong ones (tsc)', async () => {
    const io = memoryIo({ cwd: repo })
    const out = join(dir, 'canon-prompts.ts')
    expect(await run(['codegen', 'prompts', '--out', out], io)).toBe(0)
    expect(io.stdout).toMatch(/wrote types of \d+ prompts \(\d+ versions\) to /)
    const generated = readFileSync(out, 'utf8')
    expect(generated).toContain("output_format?: 'detailed' | 'summary'")
    expect(generated).toContain('support_ticket_text: string')
    expect(generated).toContain("kind: 'chat'")
    writeFileSync(join(dir, 'usage.ts'), USAGE)
    expect(typeErrors([join(dir, 'usage.ts')])).toEqual([])

    // The check has teeth: the same mistake without @ts-expect-error is an error.
    writeFileSync(
      join(dir, 'wrong.ts'),
      "import { createCanon } from '@canon/sdk'\nimport './canon-prompts'\nconst p = await createCanon({ baseUrl: 'https://x' }).get('ClassifyTicketIntent')\np.render({ ticket_txt: 'x' })\nexport {}\n",
    )
    expect(typeErrors([join(dir, 'wrong.ts')]).join('\n')).toMatch(/ticket_txt/)
  }, 120_000)

  it('refuses invalid prompt files and writes nothing', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'name: Bad\nversion: 1\ntemplate: "{{ who }}"\n')
    const io = memoryIo({ cwd: dir })
    expect(await run(['codegen', 'bad.yaml', '--out', 'bad.ts', '--format', 'json'], io)).toBe(1)
    expect(io.stderr).toMatch(/bad\.yaml:\d+:\d+: error: .*who/)
    expect(() => readFileSync(join(dir, 'bad.ts'))).toThrow()
    const missing = memoryIo({ cwd: dir })
    expect(await run(['codegen', 'nowhere', '--out', 'x.ts'], missing)).toBe(2)
    expect(missing.stderr).toMatch(/no such file or folder: nowhere/)
  })

  it('prints to standard output with --out - and reports JSON with --format json', async () => {
    const io = memoryIo({ cwd: repo })
    expect(await run(['codegen', 'prompts/classify_ticket_intent.v1.yaml', '--out', '-'], io)).toBe(
      0,
    )
    expect(io.stdout).toContain('ClassifyTicketIntent: {')
    const json = memoryIo({ cwd: repo })
    expect(await run(['codegen', '--out', join(dir, 'x.ts'), '--format', 'json'], json)).toBe(0)
    const report = JSON.parse(json.stdout)
    expect(report.prompts).toBeGreaterThanOrEqual(4)
    expect(report.versions).toBeGreaterThan(report.prompts)
  })
})

describe('--out is required', () => {
  it.each(['codegen', 'pull'])('says so in the help of `canon %s`', async (command) => {
    const io = memoryIo({ cwd: repo })
    await run([command, '--help'], io)
    expect(io.stdout).toMatch(
      new RegExp(`^Usage: canon ${command} --out <file> \\[options\\]`, 'm'),
    )
    expect(io.stdout).toMatch(/^ {2}--out <file> +.*\(required\)$/m)
    const missing = memoryIo({ cwd: repo })
    expect(await run([command], missing)).toBe(2)
    expect(missing.stderr).toMatch(/required option '--out <file>' not specified/)
  })
})
