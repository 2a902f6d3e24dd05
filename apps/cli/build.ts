/**
 * Builds the `canon` executable: `apps/cli/dist/`, an esbuild bundle of the CLI and the Canon
 * packages it uses (TypeScript source, compiled once here), so `canon` starts without a
 * TypeScript loader. `pnpm install` runs it (the root `prepare` script); `turbo run build`
 * too. Usage: `tsx build.ts` (from apps/cli).
 *
 * The root help is rendered here, from the source, and built in as a constant. And the embedded
 * database `canon serve` copies into a fresh data folder is prepared here (`dist/pgdata`: initdb
 * and the migrations, the bulk of a cold start), kept while PGlite and `migrations/` are unchanged.
 *
 * Two rules keep the bundle behaving exactly like the source it was built from:
 * - Third-party packages are not bundled. Each import of one is rewritten to the file it resolves
 *   to, as a path relative to the bundle, so Node loads the same files from `node_modules` as
 *   under tsx (PGlite, for one, finds its wasm next to itself).
 * - `import.meta.url` (and `dirname`/`filename`) in Canon source keeps meaning "this source
 *   file": it becomes the source file's path relative to the bundle, so paths built from it
 *   (`migrations/`, the dashboard's `dist/`) resolve to the same folders wherever the repo is.
 * @module
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { createDatabase, DEFAULT_MIGRATIONS_FOLDER } from '@canon/db'
import { build, type Plugin } from 'esbuild'
import { EMBEDDED_TEMPLATE } from './src/commands/serve'
import { memoryIo } from './src/io'
import { run } from './src/main'

const here = import.meta.dirname
const outdir = resolve(here, 'dist')
const builtins = new Set(builtinModules)

/** `../../x` as an import specifier from `outdir`, always with `./` or `../` and `/`. */
function fromOutdir(file: string): string {
  const rel = relative(outdir, file).split(sep).join('/')
  return rel.startsWith('.') ? rel : `./${rel}`
}

const isThirdParty = (file: string) => file.split(sep).includes('node_modules')

const resolveModules: Plugin = {
  name: 'resolve-modules',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.kind === 'entry-point') return undefined
      const bare = args.path.replace(/^node:/, '')
      if (builtins.has(bare) || builtins.has(bare.split('/')[0] ?? '')) {
        return { path: args.path, external: true }
      }
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      })
      if (resolved.errors.length > 0) return { errors: resolved.errors }
      if (isThirdParty(resolved.path)) return { path: fromOutdir(resolved.path), external: true }
      // Canon's own modules are bundled. None runs for its side effects alone, so a module
      // whose exports go unused is left out (the packages' index files re-export everything;
      // `CanonError` alone must not drag in the YAML loader and the template compiler).
      return { path: resolved.path, sideEffects: false }
    })
  },
}

const sourceFileUrls: Plugin = {
  name: 'source-file-urls',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
      if (isThirdParty(args.path)) return undefined
      const text = await readFile(args.path, 'utf8')
      if (!text.includes('import.meta.')) return undefined
      const url = `new URL(${JSON.stringify(fromOutdir(args.path))}, import.meta.url)`
      const contents = text
        .replaceAll('import.meta.url', `${url}.href`)
        .replaceAll('import.meta.filename', `__canonFileURLToPath(${url})`)
        .replaceAll('import.meta.dirname', `__canonDirname(__canonFileURLToPath(${url}))`)
      const helpers = contents.includes('__canonFileURLToPath')
        ? `import { fileURLToPath as __canonFileURLToPath } from 'node:url'\nimport { dirname as __canonDirname } from 'node:path'\n`
        : ''
      const loader = args.path.endsWith('x') ? 'tsx' : 'ts'
      return { contents: helpers + contents, loader, resolveDir: dirname(args.path) }
    })
  },
}

// `canon --help` prints this text without importing any command (see `ROOT_HELP` in main.ts).
const help = memoryIo()
if ((await run(['--help'], help)) !== 0) throw new Error(`canon --help failed:\n${help.stderr}`)

// Old chunks have content-hashed names; clear them, keeping the prepared database.
if (existsSync(outdir)) {
  for (const file of readdirSync(outdir)) {
    if (/\.js(\.map)?$/.test(file)) rmSync(join(outdir, file))
  }
}

await build({
  entryPoints: { bin: resolve(here, 'src/bin.ts') },
  outdir,
  bundle: true,
  // Commands import their heavy modules on demand (`await import`); each becomes a chunk that
  // `canon --help` never loads.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Resolve third-party packages as Node does (no `module` condition, `main` before `module`).
  conditions: [],
  mainFields: ['main'],
  define: { __CANON_ROOT_HELP__: JSON.stringify(help.stdout) },
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [resolveModules, sourceFileUrls],
})

await prepareEmbeddedTemplate(EMBEDDED_TEMPLATE)

/** Creates the template database unless one made by this PGlite from these migrations exists. */
async function prepareEmbeddedTemplate(target: string): Promise<void> {
  const pglite = resolve(here, '../../packages/db/node_modules/@electric-sql/pglite/package.json')
  const stamp = createHash('sha256')
    .update(JSON.parse(readFileSync(pglite, 'utf8')).version)
    .update(readFileSync(join(DEFAULT_MIGRATIONS_FOLDER, 'meta', '_journal.json')))
    .digest('hex')
  const stampFile = join(target, 'canon-template')
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return
  // Made aside and renamed into place, so `canon serve` never copies a half-made one.
  const temporary = `${target}.${process.pid}`
  rmSync(temporary, { recursive: true, force: true })
  await (await createDatabase({ dataDir: temporary, migrate: true })).close()
  writeFileSync(join(temporary, 'canon-template'), stamp)
  rmSync(target, { recursive: true, force: true })
  renameSync(temporary, target)
}
