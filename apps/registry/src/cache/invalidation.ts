import { type Database, KEYS_CHANNEL, LABELS_CHANNEL, VERSIONS_CHANNEL } from '@canon/db'
import type { KeyCache } from '../http/key-cache'
import type { Logger } from '../logger'
import type { PromptCache } from './prompt-cache'

/**
 * Keeps this replica's cache in step with writes made anywhere: every label move, publish
 * (`latest` moves) and status change is announced by Postgres NOTIFY when it commits, and drops
 * the prompt's entries here. Once both channels listen, everything cached before is dropped too,
 * since a notification sent before then was missed; the same after every reconnect of the
 * listening connection.
 *
 * Resolves to whether both subscriptions are active; never rejects.
 */
export async function listenForInvalidations(
  db: Database,
  cache: PromptCache,
  logger: Logger,
  keys?: KeyCache,
): Promise<boolean> {
  const onPayload = (payload: string) => {
    const name = promptNameOf(payload)
    if (name === undefined) {
      logger.warn('unreadable cache notification; dropping the whole cache', { payload })
      cache.invalidateAll()
    } else {
      cache.invalidatePrompt(name)
    }
  }
  // Notifications sent while the listening connection was down are lost for good: after a
  // reconnect, nothing cached before it can be trusted.
  const onReconnect = () => {
    logger.warn('LISTEN connection re-established; dropping the whole cache')
    cache.invalidateAll()
    keys?.clear()
  }
  try {
    await Promise.all([
      db.listen(LABELS_CHANNEL, onPayload, { onReconnect }),
      db.listen(VERSIONS_CHANNEL, onPayload, { onReconnect }),
      db.listen(KEYS_CHANNEL, () => keys?.clear(), { onReconnect }),
    ])
    cache.invalidateAll()
    return true
  } catch (err) {
    logger.error('cannot LISTEN for cache invalidations; other replicas’ writes will not be seen', {
      error: err,
    })
    return false
  }
}

function promptNameOf(payload: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(payload)
    const name = (parsed as { name?: unknown } | null)?.name
    return typeof name === 'string' && name !== '' ? name : undefined
  } catch {
    return undefined
  }
}
