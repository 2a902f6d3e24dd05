/**
 * Issue 9, "inert prompts": every payload of the template-injection corpus goes through every
 * path a prompt takes — `canon validate` (the real executable), `PUT /v1/prompts/{name}/versions/1`
 * on a real registry, `canon render` (from the file and from the registry), the SDK fetching from
 * the registry, the SDK serving a hand-written snapshot, and the eval gate (`canon eval`,
 * `canon publish --dry-run`, mock provider). Each payload writes a marker file if its code runs;
 * markers are per path, so a failure names where the code ran.
 *
 * A payload the engine must reject, and that the registry therefore refuses, is also written
 * straight into the database (a compromised registry) and served from a snapshot: the SDK and
 * `canon render` must refuse to load it, with a CanonError, never run it. With every payload at
 * `production`, `canon publish --dry-run` of a harmless version 2 runs version 1 as its baseline:
 * the CI gate must refuse the rejected ones and run the others inertly.
 *
 * Batched for speed: one registry, one database, one directory of payload files per batch,
 * the executable spawned twice.
 */
import { execFile } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  type CanonError,
  isCanonError,
  normalizePrompt,
  type PromptDefinition,
  promptDigest,
} from '@canon/core'
import {
  FUNCTION_SOURCE,
  INJECTION_PAYLOADS,
  type InjectionPayload,
  type PayloadCode,
  type PayloadInputs,
  payloadCode,
  payloadInputs,
} from '@canon/core/testing'
import { createApiKey, moveLabel, publishVersion } from '@canon/db'
import { createTestDatabase, postgresProblem, type TestDatabase } from '@canon/db/testing'
import { loadConfig, type RunningRegistry, startRegistry } from '@canon/registry'
import { createCanon } from '@canon/sdk/node'
import yaml from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryIo } from '../src/io'
import { run } from '../src/main'

const root = resolve(import.meta.dirname, '../../..')
/** tsx's loader by absolute URL: the executable runs from a temporary directory. */
const TSX = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href
const ADMIN_KEY = 'canon_test_admin_key_injection_0123'
/** Paths a payload's marker is named after: its code must run on none of them. */
const PATHS = ['file', 'gate', 'registry', 'snapshot'] as const
type PathName = (typeof PATHS)[number]

let work: string
let markers: string
let registry: RunningRegistry | undefined
let database: TestDatabase | undefined
let publishKey: string
/** Inputs every payload is rendered with; `t` carries template code as data (marker `data`). */
let inputs: PayloadInputs

const codeFor = (p: InjectionPayload, path: PathName): PayloadCode =>
  payloadCode(join(markers, `${p.id}.${path}`))
const promptName = (p: InjectionPayload) => `inj_${p.id.replaceAll('-', '_')}`

/** The normalized definition of a payload prompt, with the payload's template armed for `path`. */
/** Every payload prompt's evaluation block: one case, the mock's answer recorded, no bar. */
const EVALUATION = {
  dataset: './cases.golden.jsonl',
  fixtures: './cases.fixtures.jsonl',
  assertions: [{ type: 'contains', value: 'ok' }],
  gate: { min_pass_rate: 0, margin: 0.05, alpha: 0.05 },
}

function definitionFor(p: InjectionPayload, path: PathName): PromptDefinition {
  // Normalize with a harmless template, then swap the payload in: a normalized definition is
  // what the registry stores and a snapshot holds, and normalization would reject the payload.
  const base = normalizePrompt({
    name: promptName(p),
    version: 1,
    inputs: inputSpecs(),
    model: { provider: 'mock', name: 'mock-1' },
    template: 'ok',
    // Stored with the version, so `canon publish` can run it as the baseline of the next one.
    evaluation: EVALUATION,
  })
  return { ...base, template: p.template(codeFor(p, path)) }
}

function inputSpecs() {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [
      k,
      { type: Array.isArray(v) ? 'array' : typeof v, required: true },
    ]),
  )
}

/** A prompt file with an evaluation block; the template comes last so errors point past it. */
function promptFile(p: InjectionPayload, path: PathName): { text: string; templateLine: number } {
  const head = yaml.dump({
    name: promptName(p),
    version: 1,
    inputs: inputSpecs(),
    model: { provider: 'mock', name: 'mock-1' },
    evaluation: EVALUATION,
  })
  const templateLine = head.split('\n').length
  const text = `${head}${yaml.dump({ template: p.template(codeFor(p, path)) }, { lineWidth: -1 })}`
  return { text, templateLine }
}

/** Harmless version 2 of every payload prompt: `canon publish` compares each with version 1. */
function writeNextVersions(dir: string) {
  writePayloadDir(dir, [], 'gate')
  for (const p of INJECTION_PAYLOADS) {
    const next = { name: promptName(p), version: 2, inputs: inputSpecs() }
    const model = { provider: 'mock', name: 'mock-1' }
    writeFileSync(
      join(dir, `${p.id}.yaml`),
      yaml.dump({ ...next, model, evaluation: EVALUATION, template: 'ok {{ x }}' }),
    )
  }
}

function writePayloadDir(dir: string, payloads: readonly InjectionPayload[], path: PathName) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'cases.golden.jsonl'),
    `${JSON.stringify({ id: 'c1', vars: inputs, expected: 'ok' })}\n`,
  )
  writeFileSync(
    join(dir, 'cases.fixtures.jsonl'),
    `${JSON.stringify({ id: 'c1', output: 'ok' })}\n`,
  )
  const templateLines = new Map<string, number>()
  for (const p of payloads) {
    const { text, templateLine } = promptFile(p, path)
    writeFileSync(join(dir, `${p.id}.yaml`), text)
    templateLines.set(p.id, templateLine)
  }
  return templateLines
}

/** The real executable, as `pnpm canon` runs it (async: the in-process registry keeps serving). */
function canonProcess(args: string[], cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      ['--import', TSX, join(root, 'apps/cli/src/bin.ts'), ...args],
      { cwd, env: { ...process.env, CANON_DEBUG: '', NO_COLOR: '1' }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err && typeof err.code === 'number' ? err.code : err ? -1 : 0
        done({ code, stdout, stderr })
      },
    )
  })
}

/** The CLI in process (same `run` the executable calls). */
async function canon(args: string[], env: Record<string, string> = {}) {
  const io = memoryIo({ cwd: work, env })
  const code = await run(args, io)
  return { code, out: io.stdout, err: io.stderr }
}

type Outcome = { output: string } | { error: unknown }

/** What `canon publish --format json` prints. */
interface PublishJson {
  results: {
    name: string
    version: number
    outcome: string
    detail?: string
    baseline?: { kind: string; version?: number }
  }[]
}

async function outcome(fn: () => Promise<string> | string): Promise<Outcome> {
  try {
    return { output: await fn() }
  } catch (error) {
    return { error }
  }
}

const STACK = /^\s+at .+\(?.*:\d+:\d+\)?$/m

interface Results {
  validateAll: Awaited<ReturnType<typeof canonProcess>>
  validateAccepted: Awaited<ReturnType<typeof canonProcess>>
  templateLines: Map<string, number>
  /** Payload ids `canon validate` accepted. */
  accepted: Set<string>
  renderFile: Map<string, Awaited<ReturnType<typeof canon>>>
  evalAccepted: Awaited<ReturnType<typeof canon>>
  evalRejected: Awaited<ReturnType<typeof canon>>
  publishAccepted: Awaited<ReturnType<typeof canon>>
  publishRejected: Awaited<ReturnType<typeof canon>>
  /** `canon publish --dry-run` of harmless version 2s, each compared with its payload at v1. */
  publishNext: Awaited<ReturnType<typeof canon>>
  put: Map<string, { status: number; type: string; body: string }>
  renderRegistry: Map<string, Awaited<ReturnType<typeof canon>>>
  sdkRegistry: Map<string, Outcome>
  sdkSnapshot: Map<string, Outcome>
}
const r = {} as Results

/** The `canon validate` lines reporting errors in a payload's file. */
const errorLines = (p: InjectionPayload) =>
  r.validateAll.stdout
    .split('\n')
    .filter((l) => l.startsWith(`cli/${p.id}.yaml:`) && l.includes(': error: '))

/** Runs `fn` over `items`, `size` at a time. */
async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn))
}

function running(): RunningRegistry {
  if (!registry) throw new Error('the test registry is not running')
  return registry
}

async function startTestRegistry(dataDir: string): Promise<RunningRegistry> {
  const base = {
    PORT: '0',
    HOST: '127.0.0.1',
    CANON_ADMIN_KEY: ADMIN_KEY,
    CANON_LOG_LEVEL: 'silent',
  }
  // A real Postgres when there is one (a fresh database, dropped afterwards), else PGlite.
  const problem = await postgresProblem()
  if (!problem) database = await createTestDatabase('postgres', { migrate: false })
  const location = database?.url ? { DATABASE_URL: database.url } : { CANON_DATA_DIR: dataDir }
  return startRegistry(loadConfig({ ...base, ...location }), {
    handleSignals: false,
    print: () => {},
  })
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'canon-injection-'))
  markers = join(work, 'markers')
  mkdirSync(markers)
  inputs = payloadInputs(payloadCode(join(markers, 'data')))
  const isAccepted = (p: InjectionPayload) => r.accepted.has(p.id)

  // ── canon validate: the executable over every payload file, then over the accepted ones
  // (each process runs while this one does other work: the machine has two cores) ──
  r.templateLines = writePayloadDir(join(work, 'cli'), INJECTION_PAYLOADS, 'file')
  const validatingAll = canonProcess(['validate', 'cli'], work)

  // One registry for every path; a CI key (publish scope) as the attacker holds.
  registry = await startTestRegistry(join(work, 'registry-data'))
  publishKey = (await createApiKey(registry.db, { name: 'ci', scopes: ['read', 'publish'] })).key
  const registryEnv = { CANON_REGISTRY_URL: registry.url, CANON_API_KEY: publishKey }

  r.validateAll = await validatingAll
  r.accepted = new Set(
    INJECTION_PAYLOADS.filter((p) => errorLines(p).length === 0).map((p) => p.id),
  )
  mkdirSync(join(work, 'cli-accepted'))
  for (const f of readdirSync(join(work, 'cli'))) {
    const id = f.replace(/\.yaml$/, '')
    if (f.endsWith('.jsonl') || r.accepted.has(id))
      copyFileSync(join(work, 'cli', f), join(work, 'cli-accepted', f))
  }
  const validatingAccepted = canonProcess(['validate', 'cli-accepted'], work)

  // ── canon render <file> ──
  writeFileSync(join(work, 'vars.json'), JSON.stringify(inputs))
  r.renderFile = new Map()
  for (const p of INJECTION_PAYLOADS) {
    r.renderFile.set(
      p.id,
      await canon(['render', `cli/${p.id}.yaml`, '--vars-file', 'vars.json', '--format', 'json']),
    )
  }

  // ── the eval gate: canon eval and canon publish --dry-run, mock provider (before the
  // payloads are in the registry, so publish has no published version to compare with) ──
  writePayloadDir(join(work, 'gate-accepted'), INJECTION_PAYLOADS.filter(isAccepted), 'gate')
  writePayloadDir(
    join(work, 'gate-rejected'),
    INJECTION_PAYLOADS.filter((p) => !isAccepted(p)),
    'gate',
  )
  const gate = ['--provider', 'mock', '--cache', 'off']
  r.evalAccepted = await canon(['eval', 'gate-accepted', ...gate, '--format', 'json'])
  r.evalRejected = await canon(['eval', 'gate-rejected', ...gate])
  r.publishAccepted = await canon(['publish', 'gate-accepted', '--dry-run', ...gate], registryEnv)
  r.publishRejected = await canon(['publish', 'gate-rejected', '--dry-run', ...gate], registryEnv)

  // ── the registry: PUT with a CI key (publish scope); refused payloads go in directly ──
  r.put = new Map()
  await inBatches(INJECTION_PAYLOADS, 8, async (p) => {
    const registry = running()
    const definition = definitionFor(p, 'registry')
    const res = await fetch(`${registry.url}/v1/prompts/${promptName(p)}/versions/1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${publishKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(definition),
    })
    r.put.set(p.id, {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: await res.text(),
    })
    if (res.status !== 201) {
      // A compromised registry (or database) serves what the API refused.
      await publishVersion(
        { db: registry.db, actor: 'attacker' },
        { definition, digest: promptDigest(definition) },
      )
    }
  })

  // ── the SDK fetching from the registry, and canon render name:version ──
  const sdk = createCanon({ baseUrl: registry.url, apiKey: publishKey, onError: () => {} })
  r.sdkRegistry = new Map()
  r.renderRegistry = new Map()
  for (const p of INJECTION_PAYLOADS) {
    r.sdkRegistry.set(
      p.id,
      await outcome(async () => {
        const prompt = await sdk.get(promptName(p), { version: 1 })
        return String(prompt.render(inputs))
      }),
    )
    r.renderRegistry.set(
      p.id,
      await canon(
        ['render', `${promptName(p)}:1`, '--vars-file', 'vars.json', '--format', 'json'],
        registryEnv,
      ),
    )
  }

  // ── the publish gate against a compromised registry: version 1 of every payload is at
  // `production`, so publishing a harmless version 2 runs version 1 as the baseline ──
  await inBatches(INJECTION_PAYLOADS, 8, async (p) => {
    await moveLabel(
      { db: running().db, actor: 'attacker' },
      { name: promptName(p), label: 'production', version: 1 },
    )
  })
  writeNextVersions(join(work, 'gate-next'))
  r.publishNext = await canon(
    ['publish', 'gate-next', '--dry-run', ...gate, '--format', 'json'],
    registryEnv,
  )

  r.validateAccepted = await validatingAccepted

  // ── the SDK serving a hand-written snapshot (the registry unreachable) ──
  const snapshotPath = join(work, 'snapshot.json')
  writeFileSync(
    snapshotPath,
    JSON.stringify({
      label: 'production',
      prompts: INJECTION_PAYLOADS.map((p) => {
        const definition = definitionFor(p, 'snapshot')
        return { name: promptName(p), version: 1, digest: promptDigest(definition), definition }
      }),
    }),
  )
  const offline = createCanon({
    baseUrl: 'http://127.0.0.1:9',
    fallback: snapshotPath,
    timeoutMs: 2_000,
    onError: () => {},
  })
  r.sdkSnapshot = new Map()
  for (const p of INJECTION_PAYLOADS) {
    r.sdkSnapshot.set(
      p.id,
      await outcome(async () => String((await offline.get(promptName(p))).render(inputs))),
    )
  }
}, 600_000)

afterAll(async () => {
  await registry?.close()
  await database?.close()
}, 60_000)

/** The `canon publish` result of a payload's harmless version 2. */
const publishResult = (p: InjectionPayload) =>
  (JSON.parse(r.publishNext.out) as PublishJson).results.find((x) => x.name === promptName(p))

/** What a refusal must look like: a CanonError naming the prompt, never a crash or a stack. */
function expectRefusal(o: Outcome | undefined, p: InjectionPayload, what: string) {
  expect(o, what).toBeDefined()
  if (o && 'output' in o) expect.fail(`${what}: rendered ${JSON.stringify(o.output)}`)
  const error = (o as { error: unknown }).error
  expect(isCanonError(error), `${what}: ${String(error)}`).toBe(true)
  const { code, message } = error as CanonError
  expect(code, `${what}: ${message}`).not.toBe('INTERNAL')
  expect(message, what).toContain(promptName(p))
  expect(message, what).not.toMatch(/digest/)
  expect(message, what).not.toMatch(STACK)
  expect(message, what).not.toMatch(FUNCTION_SOURCE)
}

/** Inert output: no function source, nothing forbidden, the exact text when it is known. */
function expectInert(text: string, p: InjectionPayload, path: PathName, what: string) {
  expect(text, what).not.toMatch(FUNCTION_SOURCE)
  for (const s of p.forbiddenOutput ?? []) expect(text, what).not.toContain(s)
  const exact = p.exactOutput?.(codeFor(p, path), inputs)
  if (exact !== undefined) expect(text, what).toBe(exact)
}

/** An inert payload renders, or fails at render time with a CanonError; the SDK's outcome. */
function expectInertOutcome(o: Outcome | undefined, p: InjectionPayload, path: PathName) {
  expect(o, path).toBeDefined()
  if (o && 'output' in o) expectInert(o.output, p, path, path)
  else if (o) {
    expect(isCanonError(o.error), `${path}: ${String(o.error)}`).toBe(true)
    expect((o.error as Error).message, path).not.toMatch(FUNCTION_SOURCE)
  }
}

/** `canon render --format json`: exit 0 with inert text, or exit 1 with a one-line CanonError. */
function expectInertRender(
  res: Awaited<ReturnType<typeof canon>> | undefined,
  p: InjectionPayload,
  path: PathName,
) {
  expect(res, path).toBeDefined()
  const { code, out, err } = res as Awaited<ReturnType<typeof canon>>
  expect(err, path).not.toMatch(/internal error/)
  expect(err, path).not.toMatch(STACK)
  if (code === 0) expectInert(JSON.parse(out).text, p, path, `${path}: canon render`)
  else {
    expect(code, `${path}: ${err}`).toBe(1)
    expect(err, path).toMatch(/^canon: prompt \S+ v1: /)
    expect(err, path).not.toMatch(FUNCTION_SOURCE)
  }
}

describe('template-injection corpus on every path', { timeout: 60_000 }, () => {
  it('holds at least 40 payloads', () => {
    expect(INJECTION_PAYLOADS.length).toBeGreaterThanOrEqual(40)
  })

  it('canon validate exits 1 over the corpus, naming file:line:col without a stack trace', () => {
    expect(r.validateAll.code, r.validateAll.stderr).toBe(1)
    expect(r.validateAll.stdout + r.validateAll.stderr).not.toMatch(STACK)
    expect(r.validateAll.stderr).not.toMatch(/internal error/)
  })

  it('canon validate exits 0 over the payloads it accepted', () => {
    expect(r.validateAccepted.stdout + r.validateAccepted.stderr).not.toMatch(/: error: /)
    expect(r.validateAccepted.code).toBe(0)
  })

  it('the eval gate runs the accepted payloads without crashing', () => {
    for (const res of [r.evalAccepted, r.publishAccepted]) {
      expect(res.err).not.toMatch(/internal error/)
      expect(res.err).not.toMatch(STACK)
      expect([0, 1], res.err).toContain(res.code)
    }
    const report = JSON.parse(r.evalAccepted.out) as {
      evaluations: { run: { prompt: { name: string }; cases: { error?: { kind: string } }[] } }[]
    }
    const runs = report.evaluations.map((e) => e.run)
    expect(runs.map((run) => run.prompt.name).sort()).toEqual(
      INJECTION_PAYLOADS.filter((p) => r.accepted.has(p.id))
        .map(promptName)
        .sort(),
    )
    // A case either rendered or failed to render with a reason; the model was never the issue.
    for (const run of runs) {
      for (const c of run.cases)
        expect([undefined, 'render'], run.prompt.name).toContain(c.error?.kind)
    }
  })

  it('canon publish compares with a compromised registry without crashing', () => {
    const { code, out, err } = r.publishNext
    expect(err).not.toMatch(/internal error/)
    expect(out + err).not.toMatch(STACK)
    expect([0, 1, 3], err).toContain(code)
    const names = (JSON.parse(out) as PublishJson).results.map((x) => `${x.name} v${x.version}`)
    expect(names.sort()).toEqual(INJECTION_PAYLOADS.map((p) => `${promptName(p)} v2`).sort())
  })

  it('the eval gate refuses the rejected payloads before evaluating anything', () => {
    for (const res of [r.evalRejected, r.publishRejected]) {
      expect(res.code, res.err).toBe(1)
      expect(res.err).not.toMatch(/internal error/)
      expect(res.out + res.err).not.toMatch(STACK)
      for (const p of INJECTION_PAYLOADS.filter((x) => !r.accepted.has(x.id))) {
        expect(res.out + res.err).toMatch(new RegExp(`gate-rejected/${p.id}\\.yaml:\\d+:\\d+: `))
      }
    }
  })

  for (const p of INJECTION_PAYLOADS) {
    it(`${p.id} (${p.category}, ${p.expect}): inert on every path`, () => {
      const accepted = r.accepted.has(p.id)
      if (p.expect === 'rejected') expect(accepted, 'canon validate accepted it').toBe(false)
      if (p.expect === 'inert') expect(accepted, r.validateAll.stdout).toBe(true)

      const put = r.put.get(p.id)
      expect(put, 'PUT').toBeDefined()
      const { status, type, body } = put as { status: number; type: string; body: string }
      expect(status, `PUT: ${body}`).toBeLessThan(500)

      if (!accepted) {
        // validate: file:line:col inside the template, no stack trace
        const lines = errorLines(p)
        expect(lines.length).toBeGreaterThan(0)
        const templateLine = r.templateLines.get(p.id) as number
        for (const l of lines) {
          const m = /^cli\/[\w-]+\.yaml:(\d+):(\d+): error: \S/.exec(l)
          expect(m, l).not.toBeNull()
          expect(Number(m?.[1]), l).toBeGreaterThanOrEqual(templateLine)
          // Not even an error message shows a function.
          expect(l).not.toMatch(FUNCTION_SOURCE)
        }
        // PUT: a problem, never stored
        expect(status, body).toBeGreaterThanOrEqual(400)
        expect(type).toMatch(/^application\/problem\+json/)
        expect(JSON.parse(body).detail, body).toMatch(/\S/)
        expect(body).not.toMatch(FUNCTION_SOURCE)
        // canon render <file>: exit 1, the position, no stack
        const rendered = r.renderFile.get(p.id)
        expect(rendered?.code).toBe(1)
        expect(rendered?.err).toMatch(new RegExp(`cli/${p.id}\\.yaml:\\d+:\\d+: error: `))
        expect(rendered?.err).not.toMatch(STACK)
        // a compromised registry or snapshot: refused at load, with a CanonError
        expectRefusal(r.sdkRegistry.get(p.id), p, 'SDK from the registry')
        expectRefusal(r.sdkSnapshot.get(p.id), p, 'SDK from a snapshot')
        const fromRegistry = r.renderRegistry.get(p.id)
        expect(fromRegistry?.code, fromRegistry?.err).toBe(1)
        expect(fromRegistry?.err).toMatch(/^canon: prompt \S+ v1: /)
        expect(fromRegistry?.err).not.toMatch(/internal error/)
        // canon publish: the compromised version 1 is refused as a baseline, with the reason
        const next = publishResult(p)
        expect(next?.outcome).toBe('rejected')
        expect(next?.detail).toMatch(
          new RegExp(`^could not evaluate: prompt ${promptName(p)} v1: `),
        )
        expect(next?.detail).not.toMatch(FUNCTION_SOURCE)
      } else {
        expect(status, `PUT: ${body}`).toBe(201)
        expectInertRender(r.renderFile.get(p.id), p, 'file')
        expectInertRender(r.renderRegistry.get(p.id), p, 'registry')
        expectInertOutcome(r.sdkRegistry.get(p.id), p, 'registry')
        expectInertOutcome(r.sdkSnapshot.get(p.id), p, 'snapshot')
        // canon publish ran version 1 as the baseline of version 2, inertly
        expect(publishResult(p)?.baseline).toMatchObject({ kind: 'compared', version: 1 })
      }

      const ran = PATHS.filter((path) => existsSync(join(markers, `${p.id}.${path}`)))
      expect(ran, 'the payload ran on these paths').toEqual([])
    })
  }

  it('no template data ever ran as code', () => {
    expect(existsSync(join(markers, 'data'))).toBe(false)
    expect(readdirSync(markers)).toEqual([])
  })
})
