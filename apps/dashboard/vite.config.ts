import { defineConfig } from 'vite'

/** Builds the dashboard into `dist/`, which the registry serves at `/`. */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    // `pnpm --filter @canon/dashboard dev` against a local `canon serve`.
    proxy: { '/v1': 'http://127.0.0.1:4280' },
  },
})
