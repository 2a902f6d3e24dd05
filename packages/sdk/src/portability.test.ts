/**
 * SPEC §5: the SDK runs in any runtime with `fetch`. Its main entry (and `@canon/sdk/flags`,
 * `/rollout`, `/codegen`) must load without any Node-only module, and without the tokenizer
 * tables of `@canon/core/tokens`; `@canon/sdk/node` and `/unleash` are Node-only on purpose.
 * Each import runs in a fresh Node process where loading a denied module throws.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const DENIED = [
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
  'unleash-client',
  'gpt-tokenizer',
]

const RESOLVE_HOOK = `
const DENIED = new Set(${JSON.stringify(DENIED)})
export async function resolve(specifier, context, next) {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier
  const root = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0]
  if (DENIED.has(bare) || DENIED.has(root)) throw new Error('denied module "' + specifier + '" imported by ' + context.parentURL)
  if (specifier.endsWith('/tokens') && specifier.includes('@canon/core')) throw new Error('denied module "' + specifier + '"')
  return next(specifier, context)
}
`
const PRELOAD = `
import Module, { register } from 'node:module'
const DENIED = new Set(${JSON.stringify(DENIED)})
const load = Module._load
Module._load = function (request, parent, ...rest) {
  const bare = request.startsWith('node:') ? request.slice(5) : request
  if (DENIED.has(bare) || DENIED.has(bare.split('/')[0])) {
    throw new Error('denied module "' + request + '" required by ' + (parent && parent.filename))
  }
  return load.call(this, request, parent, ...rest)
}
register('./resolve-hook.mjs', import.meta.url)
`

const sdkRoot = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'canon-sdk-portability-'))
writeFileSync(join(dir, 'deny.mjs'), PRELOAD)
writeFileSync(join(dir, 'resolve-hook.mjs'), RESOLVE_HOOK)

function importDenied(target: string): Promise<{ ok: boolean; output: string }> {
  const script = `await import(${JSON.stringify(target)}); process.stdout.write('imported')`
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--import', join(dir, 'deny.mjs'), '--input-type=module', '-e', script],
      { cwd: sdkRoot, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ ok: !err && stdout === 'imported', output: `${stdout}${stderr}` }),
    )
  })
}

describe('runtime portability of @canon/sdk', () => {
  it('the harness fails on Node-only modules (@canon/sdk/node, @canon/sdk/unleash)', async () => {
    const node = await importDenied('@canon/sdk/node')
    expect(node.ok).toBe(false)
    expect(node.output).toMatch(/denied module "node:(fs\/promises|path)"/)
    const unleash = await importDenied('@canon/sdk/unleash')
    expect(unleash.output).toMatch(/denied module "unleash-client"/)
  }, 90_000)

  it.each(['@canon/sdk', '@canon/sdk/flags', '@canon/sdk/rollout', '@canon/sdk/codegen'])(
    '%s loads without Node-only modules, unleash-client or tokenizer tables',
    async (entry) => {
      const result = await importDenied(entry)
      expect(result.output).toBe('imported')
    },
    90_000,
  )
})
