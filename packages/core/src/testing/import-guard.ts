/**
 * Test support (Node-only): imports a module in a fresh Node process in which loading any denied
 * module throws, through both `import` and `require` — how the portability tests prove that a
 * package's entry runs in any runtime with `fetch`.
 * @module
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Node built-ins no fetch runtime is sure to have (`events` is left out: all of them shim it). */
export const NODE_ONLY_MODULES = [
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

export interface ImportGuard {
  /** Imports `target` (a path or package, resolved from `cwd`); `ok` when it loaded. */
  tryImport(target: string): Promise<{ ok: boolean; output: string }>
}

/**
 * An importer that refuses `deny` (module names or package roots, `node:` prefix optional) and
 * any specifier matching `denySpecifiers`; the child's error names the denied module.
 * @example
 * const guard = importGuard({ deny: NODE_ONLY_MODULES, cwd })
 * expect((await guard.tryImport('@canon/core')).output).toBe('imported')
 */
export function importGuard(options: {
  deny: readonly string[]
  denySpecifiers?: readonly RegExp[]
  cwd: string
  timeoutMs?: number
}): ImportGuard {
  const deny = JSON.stringify(options.deny)
  const patterns = `[${(options.denySpecifiers ?? []).map((r) => r.toString()).join(', ')}]`
  const isDenied = `
const DENIED = new Set(${deny})
const PATTERNS = ${patterns}
function isDenied(specifier) {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier
  const root = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0]
  return DENIED.has(bare) || DENIED.has(root) || PATTERNS.some((p) => p.test(specifier))
}`
  const dir = mkdtempSync(join(tmpdir(), 'canon-import-guard-'))
  writeFileSync(
    join(dir, 'resolve-hook.mjs'),
    `${isDenied}
export async function resolve(specifier, context, next) {
  if (isDenied(specifier)) throw new Error('denied module "' + specifier + '" imported by ' + context.parentURL)
  return next(specifier, context)
}
`,
  )
  // nunjucks is CommonJS: require() is guarded too, then the resolve hook is registered.
  const preload = join(dir, 'deny.mjs')
  writeFileSync(
    preload,
    `import Module, { register } from 'node:module'
${isDenied}
const load = Module._load
Module._load = function (request, parent, ...rest) {
  if (isDenied(request)) throw new Error('denied module "' + request + '" required by ' + (parent && parent.filename))
  return load.call(this, request, parent, ...rest)
}
register('./resolve-hook.mjs', import.meta.url)
`,
  )
  return {
    tryImport(target) {
      const script = `await import(${JSON.stringify(target)}); process.stdout.write('imported')`
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', '--import', preload, '--input-type=module', '-e', script],
          { cwd: options.cwd, timeout: options.timeoutMs ?? 60_000 },
          (err, stdout, stderr) =>
            resolve({ ok: !err && stdout === 'imported', output: `${stdout}${stderr}` }),
        )
      })
    },
  }
}
