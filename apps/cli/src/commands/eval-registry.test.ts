import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startOpenAIStub } from '@canon/eval/testing'
import { loadConfig, type RunningRegistry, startRegistry } from '@canon/registry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryIo } from '../io'
import { run } from '../main'

const root = resolve(import.meta.dirname, '../../../..')
const FIXTURES = 'apps/cli/test/fixtures/eval'
const ADMIN_KEY = 'canon_test_admin_key_eval_0123456789'
let registry: RunningRegistry
let env: Record<string, string>

const canon = async (args: string[], extraEnv: Record<string, string> = {}) => {
  const io = memoryIo({ cwd: root, env: { ...env, ...extraEnv } })
  const code = await run(args, io)
  return { code, out: io.stdout, err: io.stderr }
}

async function getJson(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${registry.url}${path}`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

beforeAll(async () => {
  registry = await startRegistry(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CANON_DATA_DIR: mkdtempSync(join(tmpdir(), 'canon-eval-registry-')),
      CANON_ADMIN_KEY: ADMIN_KEY,
      CANON_LOG_LEVEL: 'silent',
    }),
    { handleSignals: false, print: () => {} },
  )
  env = { CANON_REGISTRY_URL: registry.url, CANON_API_KEY: ADMIN_KEY }
  // v1 goes through the publish gate (offline) and becomes production, with its eval summary.
  const published = await canon([
    'publish',
    'prompts/classify_ticket_intent.v1.yaml',
    '--label',
    'production',
  ])
  if (published.code !== 0)
    throw new Error(`publishing v1 failed: ${published.out}${published.err}`)
}, 120_000)

afterAll(async () => {
  await registry?.close()
})

describe('the publish gate', { timeout: 60_000 }, () => {
  it('stores the eval summary with the version, and the registry returns it', async () => {
    const { status, body } = await getJson('/v1/prompts/ClassifyTicketIntent/versions/1')
    expect(status).toBe(200)
    const summary = body.evalSummary as Record<string, unknown>
    expect(summary).toMatchObject({
      schemaVersion: 1,
      prompt: { name: 'ClassifyTicketIntent', version: 1 },
      promptDigest: body.digest,
      provider: 'mock',
      model: 'gpt-4o-mini',
      cases: 17,
      passRate: 1,
      gate: { outcome: 'pass' },
    })
    expect(summary.perCase).toHaveLength(17)
    expect((summary.perCase as unknown[])[0]).toEqual({
      id: 'double-charge-march',
      pass: true,
      score: 1,
    })
  })

  it('refuses to publish a version that fails the gate, and sends nothing', async () => {
    const res = await canon(['publish', `${FIXTURES}/classify_ticket_intent.v3.yaml`])
    expect(res.code).toBe(1)
    expect(res.out).toMatch(
      /^rejected +ClassifyTicketIntent v3 +weighted pass rate 69\.1% \(95% Wilson CI 45\.4%…85\.7%; 11 of 17 cases fully passed\) is below the required 90\.0%$/m,
    )
    // It is also worse than production (v1), and the report says against which version.
    expect(res.out).toMatch(/^ +worse than production \(v1, sha256:[0-9a-f]{12}\)$/m)
    expect((await getJson('/v1/prompts/ClassifyTicketIntent/versions/3')).status).toBe(404)
  })
})

describe('canon eval --baseline', { timeout: 60_000 }, () => {
  it('fails a candidate that is significantly worse than production on the same cases (exit 1)', async () => {
    const res = await canon([
      'eval',
      `${FIXTURES}/classify_ticket_intent.v3.yaml`,
      '--provider',
      'mock',
      '--baseline',
      'production',
    ])
    expect(res.code).toBe(1)
    expect(res.out).toContain('  vs production (v1)\n')
    expect(res.out).toMatch(/^ {4}weighted pass rate +100\.0% +69\.1% +−30\.9 pts$/m)
    expect(res.out).toContain(
      'paired on 17 cases: b = 6 regressed, c = 0 improved, McNemar exact p = 0.031;',
    )
    expect(res.out).toContain(
      'candidate is significantly worse than baseline: pass rate −35.3 points, beyond the 5-point margin',
    )
    expect(res.out).toMatch(/^ {2}✖ double-charge-march {2}critical regressed {2}line 1$/m)
  })

  it('is inconclusive (exit 3) when the candidate is slightly worse on too few cases to tell', async () => {
    const res = await canon([
      'eval',
      `${FIXTURES}/classify_ticket_intent.v2.yaml`,
      '--provider',
      'mock',
      '--baseline',
      'production',
      '--format',
      'json',
    ])
    expect(res.code).toBe(3)
    const [e] = JSON.parse(res.out).evaluations
    expect(e.gate.outcome).toBe('inconclusive')
    expect(e.gate.passRate.weighted).toBeGreaterThan(0.9)
    expect(e.gate.comparison).toMatchObject({
      n: 17,
      b: 1,
      c: 0,
      verdict: 'inconclusive',
      regressed: ['mixed-billing-and-login'],
    })
    expect(e.gate.reasons[0]).toMatch(
      /^not enough evidence either way: the interval on Δ straddles the −5-point margin/,
    )
    expect(e.baseline).toMatchObject({ kind: 'version', label: 'production', version: 1 })

    const text = await canon([
      'eval',
      `${FIXTURES}/classify_ticket_intent.v2.yaml`,
      '--provider',
      'mock',
      '--baseline',
      'production',
    ])
    expect(text.code).toBe(3)
    expect(text.out).toContain('  INCONCLUSIVE: not enough evidence to pass or fail it\n')
    expect(text.out.trimEnd().split('\n').at(-1)).toBe(
      '? ClassifyTicketIntent v2 is inconclusive against its baseline.',
    )
  })

  it('applies only the absolute gate to a prompt the label does not point at yet', async () => {
    const res = await canon([
      'eval',
      'prompts/extract_order_details.v1.yaml',
      '--provider',
      'mock',
      '--baseline',
      'production',
    ])
    expect(res.code).toBe(0)
    expect(res.out).toContain(
      `no baseline: ExtractOrderDetails has no label \`production\` in the registry at ${registry.url}; only the absolute gate applied`,
    )
  })
})

describe('canon eval --against (prompt rot)', { timeout: 60_000 }, () => {
  it('re-runs the published version now and names the cases that flipped since publishing', async () => {
    // The model behind the prompt changed: it now answers "billing" to everything.
    const stub = await startOpenAIStub({ reply: () => 'billing' })
    try {
      const res = await canon(
        [
          'eval',
          'prompts/classify_ticket_intent.v1.yaml',
          '--against',
          'production',
          '--provider',
          'openai',
          '--cache',
          'off',
        ],
        {
          OPENAI_BASE_URL: stub.url,
          OPENAI_API_KEY: 'sk-test',
        },
      )
      expect(res.code).toBe(1)
      expect(stub.requests).toHaveLength(17)
      expect(res.out).toMatch(/^ {2}v1 now vs as published to production \(\d{4}-\d\d-\d\d\)$/m)
      expect(res.out).toContain('the model changed: mock:gpt-4o-mini then, openai:gpt-4o-mini now')
      expect(res.out).toMatch(
        /flipped to failing since publishing: webhook-500s, csv-import-encoding, .*inj-label-and-secret/,
      )
      expect(res.out).not.toMatch(/flipped to failing since publishing: .*double-charge-march/)
      expect(res.out).toContain('  FAIL: the gate failed\n')
    } finally {
      await stub.close()
    }
  })
})
