import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Each suite opens PGlite (WASM start-up) and a fresh Postgres database: slow on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
