#!/usr/bin/env node
// The `canon` executable: runs the bundle that `pnpm install` builds into apps/cli/dist
// (apps/cli/build.ts), so no TypeScript loader is needed at start-up.
import { existsSync } from 'node:fs'

const bundle = new URL('../dist/bin.js', import.meta.url)
if (!existsSync(bundle)) {
  process.stderr.write(
    'canon: the CLI is not built yet: run `pnpm install` (or `pnpm --filter @canon/cli build`)\n',
  )
  process.exit(2)
}
await import(bundle.href)
