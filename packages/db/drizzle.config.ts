import { defineConfig } from 'drizzle-kit'

/** `pnpm --filter @canon/db db:generate --name <intent>` writes SQL into the root migrations/. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: '../../migrations',
  casing: 'snake_case',
  strict: true,
  verbose: true,
})
