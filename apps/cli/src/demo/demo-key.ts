/**
 * The demo's own API key (`read` + `telemetry`), so its traffic is not sent with the admin key.
 * @module
 */
import { createApiKey, type Database, listApiKeys, revokeApiKey } from '@canon/db'

/** The name the demo's keys carry in the key list and audit log. */
export const DEMO_KEY_NAME = 'canon-serve-demo'
const ACTOR = 'canon serve --demo'

/** A key for this run. */
export interface DemoKey {
  id: string
  key: string
  /** Revokes the key (idempotent). */
  revoke(): Promise<void>
}

/**
 * Creates a key for this run, first revoking keys left by runs that were killed before they
 * could revoke their own.
 * @example const { key, revoke } = await createDemoKey(registry.db)
 */
export async function createDemoKey(db: Database): Promise<DemoKey> {
  for (const old of await listApiKeys(db)) {
    if (old.name === DEMO_KEY_NAME && old.revokedAt === null) {
      await revokeApiKey(db, { id: old.id, actor: ACTOR })
    }
  }
  const created = await createApiKey(db, {
    name: DEMO_KEY_NAME,
    scopes: ['read', 'telemetry'],
    actor: ACTOR,
  })
  return {
    id: created.id,
    key: created.key,
    revoke: async () => {
      await revokeApiKey(db, { id: created.id, actor: ACTOR })
    },
  }
}
