import type { RegistryApp, RouteDeps } from '../deps'
import { registerCreateKey } from './create'
import { registerListKeys } from './list'
import { registerRevokeKey } from './revoke'

/** API key management (`admin` scope): list, create (shown once), revoke. */
export function registerKeys(app: RegistryApp, deps: RouteDeps): void {
  registerListKeys(app, deps)
  registerCreateKey(app, deps)
  registerRevokeKey(app, deps)
}
