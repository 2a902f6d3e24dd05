import { fileURLToPath } from 'node:url'

/**
 * Where `pnpm build` puts the dashboard: `apps/dashboard/dist`, found relative to this file
 * (the registry runs from source in the monorepo). `createApp({ dashboardDir })` overrides it.
 */
export function defaultDashboardDir(): string {
  return fileURLToPath(new URL('../../../../dashboard/dist/', import.meta.url))
}
