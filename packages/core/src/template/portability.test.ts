/**
 * SPEC §5: the SDK runs in any runtime with fetch, so `@canon/core` (and its template engine)
 * must not load Node-only modules. nunjucks' `Environment` loads its file-system loaders
 * (fs, path, chokidar); these tests import the modules in a fresh Node process in which
 * loading any Node-only module throws, through both `import` and `require`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { importGuard, NODE_ONLY_MODULES } from '../testing'

const guard = importGuard({
  deny: NODE_ONLY_MODULES,
  cwd: fileURLToPath(new URL('../../../../', import.meta.url)),
})
const importWithoutNode = (target: string) => guard.tryImport(target)
const dir = mkdtempSync(join(tmpdir(), 'canon-portability-'))

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
    expect(viaImport.output).toContain('denied module "node:fs"')

    const nunjucksMain = await importWithoutNode(here('../../node_modules/nunjucks/index.js'))
    expect(nunjucksMain.ok).toBe(false)
    expect(nunjucksMain.output).toMatch(/denied module "(fs|path)"/)
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
