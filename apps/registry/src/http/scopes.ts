import type { ApiKeyScope } from '@canon/db'

export type { ApiKeyScope }

/** Whether a key with `granted` scopes may do what `needed` allows; `admin` implies every scope. */
export function hasScope(granted: readonly ApiKeyScope[], needed: ApiKeyScope): boolean {
  return granted.includes(needed) || granted.includes('admin')
}
