/**
 * SPEC §5: the SDK runs in any runtime with fetch, so `@canon/core` (and its template engine)
 * must not load Node-only modules. nunjucks' `Environment` loads its file-system loaders
 * (fs, path, chokidar); these tests import the modules in a fresh Node process in which
 * loading any Node-only module throws, through both `import` and `require`.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * `events` is allowed: nunjucks' object model extends EventEmitter, and Deno, Bun, Workers
 * (nodejs_compat) and browser bundlers all provide it.
 */
const NODE_ONLY = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'tls',
  'worker_threads',
  'chokidar',
]

/** Resolve hook (runs in the loader thread): refuses Node-only imports. */
const RESOLVE_HOOK = `
const DENIED = new Set(${JSON.stringify(NODE_ONLY)})
export async function resolve(specifier, context, next) {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier
  if (DENIED.has(bare)) throw new Error('Node-only module "' + specifier + '" imported by ' + context.parentURL)
  return next(specifier, context)
}
`

/** Preload: refuses Node-only require() (nunjucks is CommonJS), then registers the resolve hook. */
const PRELOAD = `
import Module, { register } from 'node:module'
const DENIED = new Set(${JSON.stringify(NODE_ONLY)})
const load = Module._load
Module._load = function (request, parent, ...rest) {
  if (DENIED.has(request.startsWith('node:') ? request.slice(5) : request)) {
    throw new Error('Node-only module "' + request + '" required by ' + (parent && parent.filename))
  }
  return load.call(this, request, parent, ...rest)
}
register('./resolve-hook.mjs', import.meta.url)
`

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'canon-portability-'))
const hookFile = join(dir, 'deny-node-only.mjs')
writeFileSync(hookFile, PRELOAD)
writeFileSync(join(dir, 'resolve-hook.mjs'), RESOLVE_HOOK)

/** Imports `target` (a path or package) in a child process where Node-only modules throw. */
function importWithoutNode(target: string): Promise<{ ok: boolean; output: string }> {
  const script = `await import(${JSON.stringify(target)}); process.stdout.write('imported')`
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--import', hookFile, '--input-type=module', '-e', script],
      { cwd: repoRoot, timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ ok: !err && stdout === 'imported', output: `${stdout}${stderr}` }),
    )
  })
}

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url))

describe('runtime portability', () => {
  it('the harness really fails on Node-only modules (import fs, and nunjucks’ Environment)', async () => {
    const fixture = join(dir, 'uses-fs.ts')
    writeFileSync(
      fixture,
      "import { readFileSync } from 'node:fs'\nexport const read = readFileSync\n",
    )
    const viaImport = await importWithoutNode(fixture)
    expect(viaImport.ok).toBe(false)
    expect(viaImport.output).toContain('Node-only module "node:fs"')

    const nunjucksMain = await importWithoutNode(here('../../node_modules/nunjucks/index.js'))
    expect(nunjucksMain.ok).toBe(false)
    expect(nunjucksMain.output).toMatch(/Node-only module "(fs|path)"/)
  }, 60_000)

  it('the template engine loads without any Node-only module', async () => {
    const result = await importWithoutNode(here('./index.ts'))
    expect(result.output).toBe('imported')
  }, 60_000)

  it('@canon/core loads without any Node-only module', async () => {
    const result = await importWithoutNode(here('../index.ts'))
    expect(result.output).toBe('imported')
  }, 60_000)
})
