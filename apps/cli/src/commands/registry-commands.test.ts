import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { loadConfig, type RunningRegistry, startRegistry } from '@canon/registry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryIo } from '../io'
import { run } from '../main'

const root = resolve(import.meta.dirname, '../../../..')
let registry: RunningRegistry
let env: Record<string, string>

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'canon-cli-registry-'))
  const adminKey = 'canon_test_admin_key_0123456789'
  registry = await startRegistry(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CANON_DATA_DIR: dataDir,
      CANON_ADMIN_KEY: adminKey,
      CANON_LOG_LEVEL: 'silent',
    }),
    { handleSignals: false, print: () => {} },
  )
  env = { CANON_REGISTRY_URL: registry.url, CANON_API_KEY: adminKey }
}, 60_000)

afterAll(async () => {
  await registry?.close()
})

const canon = async (args: string[], cwd = root) => {
  const io = memoryIo({ cwd, env })
  const code = await run(args, io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('CLI against a running registry', { timeout: 60_000 }, () => {
  it('publishes prompts/, then reports every prompt unchanged on a second run', async () => {
    const first = await canon(['publish', 'prompts/', '--label', 'production'])
    expect(first.err).toBe('')
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/^published\s+SummarizeSupportTicket v2\s+sha256:[0-9a-f]{12}$/m)
    expect(first.out).toMatch(/^label\s+SummarizeSupportTicket@production → v2$/m)

    const again = await canon(['publish', 'prompts/', '--format', 'json'])
    expect(again.code).toBe(0)
    const outcomes = JSON.parse(again.out).results.map((r: { outcome: string }) => r.outcome)
    expect(outcomes.length).toBeGreaterThanOrEqual(5)
    expect(new Set(outcomes)).toEqual(new Set(['unchanged']))
  })

  it('refuses to overwrite a published version: conflict, exit 1, and the version to bump to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canon-cli-conflict-'))
    const source = readFileSync(join(root, 'prompts/classify_ticket_intent.v1.yaml'), 'utf8')
    writeFileSync(
      join(dir, 'classify.yaml'),
      source.replace('You route customer', 'You carefully route customer'),
    )
    const res = await canon(['publish', dir])
    expect(res.code).toBe(1)
    expect(res.out).toMatch(
      /^conflict\s+ClassifyTicketIntent v1\s+.*digest [0-9a-f]{64}.*digest [0-9a-f]{64}.*next free version is 2/m,
    )
  })

  it('moves a label with compare-and-set, and shows the diff between versions', async () => {
    const moved = await canon([
      'label',
      'SummarizeSupportTicket',
      'production',
      '1',
      '--expected',
      '2',
    ])
    expect(moved.err).toBe('')
    expect(moved.out).toBe('SummarizeSupportTicket@production: v2 → v1\n')

    const stale = await canon([
      'label',
      'SummarizeSupportTicket',
      'production',
      '2',
      '--expected',
      '2',
    ])
    expect(stale.code).toBe(1)
    expect(stale.err).toMatch(/points at (version )?1|v1/)

    const diff = await canon(['diff', 'SummarizeSupportTicket', '1', '2'])
    expect(diff.code).toBe(0)
    // File order (name, then version), as the dashboard's compare page shows it…
    expect(diff.out).toMatch(/^ name: SummarizeSupportTicket\n-version: 1\n\+version: 2$/m)
    // …with the evaluation block, where v1 and v2 differ in their fixtures.
    expect(diff.out).toMatch(/^- {2}fixtures: \.\/summarize_support_ticket\.v1\.fixtures\.jsonl$/m)
    expect(diff.out).toMatch(/^\+ {2}fixtures: \.\/summarize_support_ticket\.v2\.fixtures\.jsonl$/m)
    const v = await canon(['diff', 'SummarizeSupportTicket', '1', '2', '--format', 'json'])
    expect(JSON.parse(v.out)).toMatchObject({ from: 1, to: 2, identical: false })

    const same = await canon(['diff', 'SummarizeSupportTicket', '1', '1'])
    expect(same.code).toBe(0)
    expect(same.out).toMatch(
      /^SummarizeSupportTicket v1 and v1 are the same version: nothing differs \(sha256:[0-9a-f]{12}\)\n$/,
    )
  })

  it('renders name@label and name:version from the registry', async () => {
    const byLabel = await canon([
      'render',
      'SummarizeSupportTicket@production',
      '--var',
      'support_ticket_text=Printer on fire',
      '--format',
      'json',
    ])
    expect(byLabel.err).toBe('')
    expect(JSON.parse(byLabel.out)).toMatchObject({ name: 'SummarizeSupportTicket', version: 1 })
    const byVersion = await canon([
      'render',
      'SummarizeSupportTicket:2',
      '--var',
      'support_ticket_text=Printer on fire',
    ])
    expect(byVersion.out).toContain('Printer on fire')
    const missing = await canon([
      'render',
      'SummarizeSupportTicket@nope',
      '--var',
      'support_ticket_text=x',
    ])
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/nope/)
  })

  it('pulls a snapshot of every prompt at a label into a file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'canon-cli-pull-')), 'snap.json')
    const res = await canon(['pull', '--label', 'production', '--out', out])
    expect(res.code).toBe(0)
    const snapshot = JSON.parse(readFileSync(out, 'utf8'))
    const names = snapshot.prompts.map((p: { name: string }) => p.name).sort()
    expect(names).toEqual([
      'ClassifyTicketIntent',
      'DraftSupportReply',
      'ExtractOrderDetails',
      'SummarizeSupportTicket',
    ])
  })

  it('refuses to pull a label no prompt has: exit 1, the labels in use, nothing written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'canon-cli-pull-')), 'snap.json')
    const res = await canon(['pull', '--label', 'nosuchlabel', '--out', out])
    expect(res.code).toBe(1)
    expect(res.err).toMatch(
      /^canon pull: no prompt has the label `nosuchlabel` in the registry at .* \(labels in use: production\); nothing written$/m,
    )
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(dirname(out))).toEqual([])
  })

  it('creates an app key that can read but not publish, lists it, and revokes it', async () => {
    const created = await canon([
      'keys',
      'create',
      'checkout-service',
      '--scopes',
      'read,telemetry',
    ])
    expect(created.code).toBe(0)
    const key = created.out.trim()
    expect(key).toMatch(/^canon_[A-Za-z0-9]{32}$/)
    expect(created.err).toMatch(/shown this once/)

    const asApp = async (args: string[]) => {
      const io = memoryIo({
        cwd: root,
        env: { CANON_REGISTRY_URL: registry.url, CANON_API_KEY: key },
      })
      return { code: await run(args, io), err: io.stderr }
    }
    expect(
      (await asApp(['pull', '--out', join(mkdtempSync(join(tmpdir(), 'k-')), 's.json')])).code,
    ).toBe(0)
    const denied = await asApp(['label', 'SummarizeSupportTicket', 'production', '2'])
    expect(denied.code).toBe(1)
    expect(denied.err).toMatch(/scope/)

    const listed = JSON.parse((await canon(['keys', 'list', '--format', 'json'])).out)
    const row = listed.keys.find((k: { name: string }) => k.name === 'checkout-service')
    expect(row).toMatchObject({ scopes: ['read', 'telemetry'], revokedAt: null })
    expect((await canon(['keys', 'list'])).out).toMatch(
      /checkout-service\s+canon_\S+…\s+read,telemetry\s+/,
    )

    const revoked = await canon(['keys', 'revoke', row.id])
    expect(revoked.out).toMatch(/^revoked checkout-service/)
    const after = await asApp(['pull', '--out', '/tmp/never.json'])
    expect(after.code).toBe(1)
    expect(after.err).toMatch(/revoked|invalid/)
    expect((await canon(['keys', 'create', 'x', '--scopes', 'root'])).code).toBe(2)
  })

  it('says how to fix a missing or wrong API key', async () => {
    const io = memoryIo({
      cwd: root,
      env: { CANON_REGISTRY_URL: registry.url, CANON_API_KEY: 'canon_wrong_key_000000000000' },
    })
    expect(await run(['diff', 'SummarizeSupportTicket', '1', '2'], io)).toBe(1)
    expect(io.stderr).toMatch(/CANON_API_KEY/)
  })

  it('is a usage error (exit 2) when the registry cannot be reached', async () => {
    const io = memoryIo({
      cwd: root,
      env: { CANON_REGISTRY_URL: 'http://127.0.0.1:9', CANON_API_KEY: 'x' },
    })
    expect(await run(['pull', '--out', '/tmp/x.json'], io)).toBe(2)
    expect(io.stderr).toMatch(/cannot reach the registry at http:\/\/127\.0\.0\.1:9/)
  })
})
