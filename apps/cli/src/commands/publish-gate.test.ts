/**
 * `canon publish` compares each new version with the version its label points at, on a real
 * registry, offline (mock provider): a prompt with 20 routing cases, and versions whose recorded
 * answers get a chosen number of them right.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type RunningRegistry, startRegistry } from '@canon/registry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryIo } from '../io'
import { run } from '../main'

const ADMIN_KEY = 'canon_test_admin_key_publish_gate_0123'
const CASES = 20
let registry: RunningRegistry
let env: Record<string, string>
let dir: string

const expected = (i: number) => (i % 2 === 0 ? 'billing' : 'technical')

/** Writes `gate_probe.v<version>.yaml` whose fixtures answer the first `correct` cases right. */
function writeVersion(version: number, correct: number, minPassRate: number): string {
  const file = `gate_probe.v${version}.yaml`
  const fixtures = Array.from({ length: CASES }, (_, i) =>
    JSON.stringify({ id: `case-${i}`, output: i < correct ? expected(i) : 'other' }),
  )
  writeFileSync(join(dir, `gate_probe.v${version}.fixtures.jsonl`), `${fixtures.join('\n')}\n`)
  writeFileSync(
    join(dir, file),
    `name: GateProbe
version: ${version}
inputs:
  text: { type: string, required: true }
model: { provider: openai, name: gpt-4o-mini, temperature: 0 }
template: |
  Route this ticket (v${version}): billing or technical.
  <ticket>{{ text }}</ticket>
evaluation:
  dataset: ./gate_probe.golden.jsonl
  fixtures: ./gate_probe.v${version}.fixtures.jsonl
  assertions: [{ type: equals }]
  gate: { min_pass_rate: ${minPassRate}, margin: 0.05, alpha: 0.05 }
`,
  )
  return file
}

const canon = async (args: string[]) => {
  const io = memoryIo({ cwd: dir, env })
  const code = await run(args, io)
  return { code, out: io.stdout, err: io.stderr }
}

async function getVersion(version: number) {
  const res = await fetch(`${registry.url}/v1/prompts/GateProbe/versions/${version}`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  })
  return {
    status: res.status,
    body: (res.ok ? await res.json() : undefined) as
      | { digest: string; evalSummary: { gate: Record<string, unknown> } }
      | undefined,
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'canon-publish-gate-'))
  const dataset = Array.from({ length: CASES }, (_, i) =>
    JSON.stringify({ id: `case-${i}`, vars: { text: `ticket ${i}` }, expected: expected(i) }),
  )
  writeFileSync(join(dir, 'gate_probe.golden.jsonl'), `${dataset.join('\n')}\n`)
  registry = await startRegistry(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CANON_DATA_DIR: mkdtempSync(join(tmpdir(), 'canon-publish-gate-db-')),
      CANON_ADMIN_KEY: ADMIN_KEY,
      CANON_LOG_LEVEL: 'silent',
    }),
    { handleSignals: false, print: () => {} },
  )
  env = { CANON_REGISTRY_URL: registry.url, CANON_API_KEY: ADMIN_KEY }
}, 60_000)

afterAll(async () => {
  await registry?.close()
})

// The steps build on each other: production moves v1 → v2, then candidates are measured against v2.
// The first evaluation of a worker loads tokenizers and providers: slow on a loaded machine.
describe('canon publish compares with the version its label points at', { timeout: 60_000 }, () => {
  it('first publish: no label yet, so no comparison, and it says so', async () => {
    const res = await canon(['publish', writeVersion(1, 15, 0.7), '--label', 'production'])
    expect(res.code).toBe(0)
    expect(res.out).toMatch(/^published +GateProbe v1 +sha256:[0-9a-f]{12}$/m)
    expect(res.out).toContain(
      'no baseline: `production` points at no version of it yet; only the absolute gate applied',
    )
    const { body } = await getVersion(1)
    expect(body?.evalSummary.gate.noBaseline).toMatchObject({ label: 'production' })
    expect(body?.evalSummary.gate.baseline).toBeUndefined()
  })

  it('publishes a better candidate, and its summary records the baseline it beat', async () => {
    const v1 = await getVersion(1)
    const res = await canon(['publish', writeVersion(2, 20, 0.7), '--label', 'production'])
    expect(res.code).toBe(0)
    expect(res.out).toMatch(/^published +GateProbe v2 /m)
    expect(res.out).toContain(
      `not worse than production (v1, sha256:${v1.body?.digest.slice(0, 12)})`,
    )
    expect(res.out).toMatch(/^label +GateProbe@production → v2$/m)
    const { body } = await getVersion(2)
    expect(body?.evalSummary.gate).toMatchObject({
      outcome: 'pass',
      baseline: { label: 'production', version: 1, digest: v1.body?.digest, verdict: 'pass' },
    })
  })

  it('refuses a candidate 60 points worse than production even though it meets its own minimum (exit 1)', async () => {
    // 8 of 20 right: 40 % clears its min_pass_rate of 30 %, but production (v2) gets 20 of 20.
    const res = await canon(['publish', writeVersion(3, 8, 0.3), '--format', 'json'])
    expect(res.code).toBe(1)
    const [result] = JSON.parse(res.out).results
    expect(result).toMatchObject({
      name: 'GateProbe',
      version: 3,
      outcome: 'rejected',
      baseline: { kind: 'compared', label: 'production', version: 2, verdict: 'fail' },
    })
    expect(result.detail).toMatch(
      /^candidate is significantly worse than baseline: pass rate −60\.0 points, beyond the 5-point margin/,
    )
    expect((await getVersion(3)).status).toBe(404)
  })

  it('refuses an inconclusive candidate (exit 3), and publishes it with --allow-inconclusive', async () => {
    // 19 of 20 against 20 of 20: one regression is not enough evidence either way.
    const file = writeVersion(4, 19, 0.7)
    const refused = await canon(['publish', file])
    expect(refused.code).toBe(3)
    expect(refused.out).toMatch(/^inconclusive +GateProbe v4 +not enough evidence either way/m)
    expect(refused.out).toContain('undecided against production (v2, ')
    expect(refused.out).toContain('publish anyway with --allow-inconclusive')
    expect((await getVersion(4)).status).toBe(404)

    const allowed = await canon(['publish', file, '--allow-inconclusive'])
    expect(allowed.code).toBe(0)
    expect(allowed.out).toMatch(/^published +GateProbe v4 /m)
    expect(allowed.err).toMatch(/GateProbe v4 is inconclusive against its baseline and published/)
    const { body } = await getVersion(4)
    expect(body?.evalSummary.gate).toMatchObject({
      outcome: 'inconclusive',
      baseline: { label: 'production', version: 2, verdict: 'inconclusive', n: 20, b: 1, c: 0 },
    })
  })

  it('--baseline <label> compares with another label', async () => {
    expect((await canon(['label', 'GateProbe', 'staging', '1'])).code).toBe(0)
    // 17 of 20: against production (v2, 20 of 20) it regresses; against staging (v1, 15) it does not.
    const file = writeVersion(5, 17, 0.7)
    const vsProduction = await canon(['publish', file, '--dry-run'])
    expect(vsProduction.code).toBe(3)
    expect(vsProduction.out).toMatch(/^inconclusive +GateProbe v5 /m)
    const vsStaging = await canon(['publish', file, '--dry-run', '--baseline', 'staging'])
    expect(vsStaging.code).toBe(0)
    expect(vsStaging.out).toMatch(/^would-publish +GateProbe v5 /m)
    expect(vsStaging.out).toContain('not worse than staging (v1, ')
  })

  it('--baseline none publishes without comparing, and says so loudly', async () => {
    const file = writeVersion(6, 8, 0.3)
    const dry = await canon([
      'publish',
      file,
      '--baseline',
      'none',
      '--dry-run',
      '--format',
      'json',
    ])
    expect(dry.code).toBe(0)
    const report = JSON.parse(dry.out)
    expect(report.results[0]).toMatchObject({
      outcome: 'would-publish',
      baseline: { kind: 'skipped' },
    })
    expect(report.warnings[0]).toMatch(/^--baseline none: .*not compared/)

    const res = await canon(['publish', file, '--baseline', 'none'])
    expect(res.code).toBe(0)
    expect(res.out).toMatch(/^published +GateProbe v6 /m)
    expect(res.out).toMatch(/^WARNING: --baseline none: /m)
    expect(res.err).toMatch(/^canon publish: WARNING: --baseline none: /m)
    const { body } = await getVersion(6)
    expect(body?.evalSummary.gate.baseline).toBeUndefined()
    expect(body?.evalSummary.gate.noBaseline).toMatchObject({
      reason: expect.stringMatching(/--baseline none/),
    })
  })

  it('--skip-eval says loudly that nothing was evaluated or compared', async () => {
    const res = await canon([
      'publish',
      'gate_probe.v3.yaml',
      '--skip-eval',
      '--dry-run',
      '--format',
      'json',
    ])
    expect(res.code).toBe(0)
    const report = JSON.parse(res.out)
    expect(report.results[0]).toMatchObject({ version: 3, outcome: 'would-publish' })
    expect(report.warnings).toEqual([expect.stringMatching(/^--skip-eval: /)])
    expect(res.err).toMatch(/^canon publish: WARNING: --skip-eval: /m)
  })

  it('--dry-run says unchanged for versions already published', async () => {
    const res = await canon(['publish', 'gate_probe.v1.yaml', 'gate_probe.v2.yaml', '--dry-run'])
    expect(res.code).toBe(0)
    expect(res.out).toMatch(/^unchanged +GateProbe v1 +sha256:[0-9a-f]{12}$/m)
    expect(res.out).toMatch(/^unchanged +GateProbe v2 +sha256:[0-9a-f]{12}$/m)
    expect(res.out).not.toContain('would-publish')

    // A retired version (no label points at v6) answers 410, and is still the same content.
    const retired = await fetch(`${registry.url}/v1/prompts/GateProbe/versions/6`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'retired' }),
    })
    expect(retired.status).toBe(200)
    const again = await canon(['publish', 'gate_probe.v6.yaml', '--dry-run'])
    expect(again.code).toBe(0)
    expect(again.out).toMatch(/^unchanged +GateProbe v6 +sha256:[0-9a-f]{12}$/m)
  })
})
