import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CanonError } from '@canon/core'

export const DEFAULT_PORT = 4280

export interface ClientConfig {
  registryUrl: string
  apiKey?: string
}

/**
 * Where the registry is and how to authenticate, from flags first, then the environment
 * (`CANON_REGISTRY_URL`, `CANON_API_KEY`). A local `canon serve` keeps the admin key it
 * generated in `<data dir>/admin-key`; against localhost that file is used when no key is given,
 * so a newcomer's `canon publish` works right after `canon serve`.
 */
export function loadClientConfig(
  env: Record<string, string | undefined>,
  cwd: string,
  flags: { registry?: string; apiKey?: string } = {},
): ClientConfig {
  const raw =
    flags.registry ?? env.CANON_REGISTRY_URL ?? `http://localhost:${env.PORT ?? DEFAULT_PORT}`
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new CanonError('CONFIG_INVALID', `CANON_REGISTRY_URL is not a URL: ${raw}`)
  }
  const registryUrl = url.toString().replace(/\/$/, '')
  const apiKey = flags.apiKey ?? env.CANON_API_KEY ?? localAdminKey(url, env, cwd)
  return apiKey ? { registryUrl, apiKey } : { registryUrl }
}

function localAdminKey(url: URL, env: Record<string, string | undefined>, cwd: string) {
  if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return undefined
  if (env.CANON_ADMIN_KEY) return env.CANON_ADMIN_KEY
  const file = join(resolve(cwd, env.CANON_DATA_DIR ?? '.canon'), 'admin-key')
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined
}
