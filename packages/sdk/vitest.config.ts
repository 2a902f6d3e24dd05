import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: {
      // The SDK's integration tests run the real registry in process. `@canon/registry` is not
      // a devDependency: the registry depends on `@canon/sdk/flags` (server-side resolve), and a
      // workspace dependency back would be a cycle turbo refuses. Test-only, like tsconfig paths.
      '@canon/registry': fileURLToPath(
        new URL('../../apps/registry/src/index.ts', import.meta.url),
      ),
    },
  },
  test: {
    // PGlite start-up, a real unleash-server migrating its database: slow on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
