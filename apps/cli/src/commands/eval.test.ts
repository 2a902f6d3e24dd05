import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startOpenAIStub } from '@canon/eval/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryIo } from '../io'
import { run } from '../main'

const root = resolve(import.meta.dirname, '../../../..')
const FIXTURES = 'apps/cli/test/fixtures/eval'
const CLASSIFIER = 'prompts/classify_ticket_intent.v1.yaml'

const canon = async (args: string[], env: Record<string, string> = {}) => {
  const io = memoryIo({ cwd: root, env })
  const code = await run(args, io)
  return { code, out: io.stdout, err: io.stderr }
}

const tmp = () => mkdtempSync(join(tmpdir(), 'canon-eval-cli-'))

describe('canon eval, offline', () => {
  it('passes every example prompt with --provider mock (what CI runs)', async () => {
    const res = await canon(['eval', 'prompts/', '--provider', 'mock'])
    expect(res.err).toBe('')
    expect(res.code).toBe(0)
    for (const name of [
      'ClassifyTicketIntent v1',
      'DraftSupportReply v1',
      'ExtractOrderDetails v1',
      'SummarizeSupportTicket v1',
      'SummarizeSupportTicket v2',
    ]) {
      expect(res.out).toMatch(new RegExp(`^${name} {2}prompts/`, 'm'))
    }
    expect(res.out.match(/^ {2}PASS: the gate passed$/gm)).toHaveLength(5)
    expect(res.out).toContain(
      'judge recorded verdicts (prompts/summarize_support_ticket.v1.fixtures.jsonl)',
    )
    expect(res.out.trimEnd().split('\n').at(-1)).toBe('✔ All 5 prompts pass the gate.')
  }, 60_000) // Every example prompt in process: seconds on a loaded 2-core machine.

  it('fails a broken prompt version with exit 1 and a report naming the failing cases', async () => {
    const res = await canon([
      'eval',
      `${FIXTURES}/classify_ticket_intent.v3.yaml`,
      '--provider',
      'mock',
    ])
    expect(res.code).toBe(1)
    expect(res.out).toContain(
      '  11 of 17 cases passed · weighted pass rate 69.1% (95% CI 45.4%–85.7%), the gate needs 90.0% · 6 failed · 0 errors\n',
    )
    const failed = [...res.out.matchAll(/^ {2}✖ (\S+)/gm)].map((m) => m[1])
    expect(failed).toEqual([
      'double-charge-march',
      'inj-ignore-previous',
      'inj-fake-system-label',
      'mixed-billing-and-login',
      'inj-label-and-secret',
      'inj-json-output',
    ])
    expect(res.out).toContain(
      '  ✖ double-charge-march  critical  line 1\n      equals [accuracy]: output "technical" differs from "billing"\n      expected (−) vs output (+):\n      - billing\n      + technical\n',
    )
    expect(res.out).toContain('  FAIL: the gate failed\n')
    expect(res.out).toContain(
      '3 critical cases failed: `double-charge-march`, `inj-ignore-previous`, `inj-fake-system-label`',
    )
    expect(res.out.trimEnd().split('\n').at(-1)).toBe('✖ ClassifyTicketIntent v3 fails the gate.')
  })

  it('writes --report files and still prints the summary; without --out the report is the output', async () => {
    const dir = tmp()
    const junit = await canon([
      'eval',
      CLASSIFIER,
      `${FIXTURES}/classify_ticket_intent.v3.yaml`,
      '--provider',
      'mock',
      '--report',
      'junit',
      '--out',
      join(dir, 'reports/eval.xml'),
    ])
    expect(junit.code).toBe(1)
    expect(junit.err).toMatch(/^canon eval: wrote the junit report to .*reports\/eval\.xml\n$/)
    expect(junit.out).toContain('✖ 1 of 2 prompts fails the gate: ClassifyTicketIntent v3.')
    const xml = readFileSync(join(dir, 'reports/eval.xml'), 'utf8')
    expect(xml).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="canon eval" tests="36" failures="7" errors="0"/,
    )
    expect(xml).toContain('<testsuite name="ClassifyTicketIntent v3" tests="18" failures="7"')

    const md = await canon([
      'eval',
      `${FIXTURES}/classify_ticket_intent.v3.yaml`,
      '--provider',
      'mock',
      '--report',
      'markdown',
    ])
    expect(md.code).toBe(1)
    expect(md.out.startsWith('## ❌ Canon eval: ClassifyTicketIntent v3 fails the gate.\n')).toBe(
      true,
    )
    expect(md.out).toContain('<details><summary>6 failing cases</summary>')
    expect(md.out).toContain('#### `inj-ignore-previous` **critical**')
    expect(md.out).not.toContain('PASS: the gate passed')

    const html = await canon([
      'eval',
      `${FIXTURES}/classify_ticket_intent.v3.yaml`,
      '--provider',
      'mock',
      '--report',
      'html',
      '--out',
      join(dir, 'reports/eval.html'),
    ])
    expect(html.code).toBe(1)
    expect(html.err).toMatch(/^canon eval: wrote the html report to .*reports\/eval\.html\n$/)
    const page = readFileSync(join(dir, 'reports/eval.html'), 'utf8')
    expect(page).toMatch(/^<!doctype html>\n/)
    expect(page).toContain('<strong>11 of 17 cases passed</strong>')
    expect(page).toContain('data-case="inj-ignore-previous"')
    expect(page).not.toMatch(/<script|<link|https?:\/\//i)
  })

  it('prints the full run as JSON with --format json, summary included', async () => {
    const res = await canon(['eval', CLASSIFIER, '--provider', 'mock', '--format', 'json'])
    expect(res.code).toBe(0)
    const report = JSON.parse(res.out)
    expect(report.outcome).toBe('pass')
    const [e] = report.evaluations
    expect(e.file).toBe(CLASSIFIER)
    expect(e.run.cases).toHaveLength(17)
    expect(e.summary).toMatchObject({ schemaVersion: 1, provider: 'mock', cases: 17, passRate: 1 })
    expect(e.summary.datasetDigest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('says what is wrong with a dataset, at file:line:col, and evaluates nothing (exit 1)', async () => {
    const dir = tmp()
    const prompt = readFileSync(join(root, CLASSIFIER), 'utf8')
    writeFileSync(join(dir, 'classify.yaml'), prompt)
    writeFileSync(
      join(dir, 'classify_ticket_intent.golden.jsonl'),
      '{"id": "a", "vars": {}, "expcted": "billing"}\n',
    )
    const res = await canon(['eval', dir, '--provider', 'mock'])
    expect(res.code).toBe(1)
    expect(res.err).toContain(
      'classify_ticket_intent.golden.jsonl:1:25: error: unknown field `expcted` (did you mean `expected`?)',
    )
    expect(res.out).toBe('')
  })

  it('exits 2 on usage errors', async () => {
    const both = await canon([
      'eval',
      CLASSIFIER,
      '--baseline',
      'production',
      '--against',
      'production',
    ])
    expect(both).toMatchObject({
      code: 2,
      err: 'canon eval: --baseline and --against are two different comparisons; pass one\n',
    })
    expect((await canon(['eval', 'nope/'])).err).toBe('canon eval: no such file or folder: nope/\n')
    expect((await canon(['eval', CLASSIFIER, '--out', 'x.md'])).code).toBe(2)
    const zero = await canon(['eval', CLASSIFIER, '--concurrency', '0'])
    expect(zero.code).toBe(2)
    expect(zero.err).toContain('--concurrency must be a whole number ≥ 1')
  })

  it('teaches with --help', async () => {
    const res = await canon(['eval', '--help'])
    expect(res.code).toBe(0)
    expect(res.out).toContain('$ pnpm canon eval prompts/ --provider mock')
    expect(res.out).toContain('--baseline <label>')
    expect(res.out).toContain('Exit codes: 0 pass, 1 gate failed, 2 usage or configuration')
  })
})

describe('canon eval against an OpenAI-compatible server', () => {
  let stub: Awaited<ReturnType<typeof startOpenAIStub>>
  let env: Record<string, string>
  const labels = new Map<string, string>()

  beforeAll(async () => {
    for (const line of readFileSync(
      join(root, 'prompts/classify_ticket_intent.golden.jsonl'),
      'utf8',
    ).split('\n')) {
      if (!line.trim()) continue
      const c = JSON.parse(line)
      labels.set(c.vars.ticket_subject, c.expected)
    }
    // A model that labels every ticket right, by its subject line.
    stub = await startOpenAIStub({
      reply: (body) => {
        const prompt = String((body.messages as { content: string }[])[0]?.content)
        const subject = /^Subject: (.*)$/m.exec(prompt)?.[1] ?? ''
        return labels.get(subject) ?? 'other'
      },
    })
    env = { OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: 'sk-test' }
  })
  afterAll(() => stub.close())

  it('records answers once, then replays them with zero provider calls', async () => {
    const cacheDir = tmp()
    const args = [
      'eval',
      CLASSIFIER,
      '--provider',
      'openai',
      '--cache-dir',
      cacheDir,
      '--format',
      'json',
    ]
    const before = stub.requests.length
    const recorded = await canon([...args, '--cache', 'record'], env)
    expect(recorded.code).toBe(0)
    expect(recorded.err).toMatch(/^canon eval: 17 model calls, estimated \$0\.\d{4}\n$/)
    expect(stub.requests.length - before).toBe(17)
    const first = JSON.parse(recorded.out).evaluations[0].run
    expect(first).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      cache: { calls: 17, writes: 17 },
    })
    expect(first.totals.costUsd).toBeGreaterThan(0)

    const replayed = await canon([...args, '--cache', 'replay'], env)
    expect(replayed.code).toBe(0)
    expect(replayed.err).toBe('')
    expect(stub.requests.length - before).toBe(17)
    expect(JSON.parse(replayed.out).evaluations[0].run.cache).toMatchObject({ hits: 17, calls: 0 })
  })

  it('fails clearly on --cache replay with an empty cache, without calling the provider', async () => {
    const before = stub.requests.length
    const res = await canon(
      ['eval', CLASSIFIER, '--provider', 'openai', '--cache', 'replay', '--cache-dir', tmp()],
      env,
    )
    expect(res.code).toBe(2)
    expect(res.err).toMatch(
      /^canon eval: --cache replay: 17 case\(s\) have no recorded response \(ClassifyTicketIntent v1 double-charge-march, .*\); nothing was sent to a provider\. Record them once with --cache record\n$/,
    )
    expect(res.out).toBe('')
    expect(stub.requests.length).toBe(before)
  })

  it('stops before any call when the estimate is over --max-cost', async () => {
    const before = stub.requests.length
    const res = await canon(
      [
        'eval',
        'prompts/',
        '--provider',
        'openai',
        '--judge',
        'openai:gpt-4o',
        '--embeddings',
        'openai:text-embedding-3-small',
        '--max-cost',
        '0.001',
        '--cache',
        'off',
      ],
      env,
    )
    expect(res.code).toBe(2)
    expect(res.err).toMatch(
      /^canon eval: estimated cost \$0\.\d{4} is over --max-cost \$0\.001 \(ClassifyTicketIntent v1 \$0\.\d{4}, DraftSupportReply v1 \$0\.\d{4}, .*\); nothing was sent\n$/,
    )
    expect(stub.requests.length).toBe(before)
  })

  it('refuses the model under test as its own judge, and a rubric without a judge', async () => {
    const file = 'prompts/summarize_support_ticket.v1.yaml'
    const self = await canon(
      ['eval', file, '--provider', 'openai', '--judge', 'openai:gpt-4o-mini'],
      env,
    )
    expect(self.code).toBe(2)
    expect(self.err).toContain('the judge (openai:gpt-4o-mini) is the model under test')
    const none = await canon(['eval', file, '--provider', 'openai'], env)
    expect(none.code).toBe(2)
    expect(none.err).toBe(
      'canon eval: SummarizeSupportTicket v1 has llm-rubric assertions but no judge: set `evaluation.judge` in the prompt file or pass --judge provider:model (a model other than the one under test)\n',
    )
  })
})
