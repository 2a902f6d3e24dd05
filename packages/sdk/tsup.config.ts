import { defineConfig } from 'tsup'

/**
 * The publishable build: ESM + .d.ts in dist/. Canon's own packages (private, shipped as
 * TypeScript source) and the pure-JS libraries they use are bundled in, so the package works
 * in plain Node, Deno, Bun and bundlers; `@opentelemetry/api` stays external (the app's copy must be
 * the one its OTel SDK registered with), and so does `unleash-client` (Node-only subpath).
 */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    flags: 'src/flags/index.ts',
    node: 'src/node/index.ts',
    unleash: 'src/unleash.ts',
    rollout: 'src/rollout/index.ts',
    codegen: 'src/codegen/index.ts',
  },
  format: ['esm'],
  platform: 'neutral',
  target: 'es2022',
  dts: { resolve: [/^@canon\//] },
  clean: true,
  splitting: true,
  treeshake: true,
  noExternal: [/^(?!@opentelemetry\/api$|unleash-client$|node:).*/],
  external: ['@opentelemetry/api', 'unleash-client'],
  tsconfig: 'tsconfig.build.json',
  esbuildOptions(options) {
    // nunjucks' object model extends Node's EventEmitter: bundle the portable `events` package.
    options.alias = { ...options.alias, events: 'events/events.js' }
  },
})
