import { sql } from 'drizzle-orm'
import type { LabelChange, VersionChange } from '../channels'
import { KEYS_CHANNEL, LABELS_CHANNEL, VERSIONS_CHANNEL } from '../channels'
import type { Transaction } from './transaction'

/** Queues a notification; Postgres delivers it when the transaction commits, never if it rolls back. */
async function notifyInTx(tx: Transaction, channel: string, payload: unknown): Promise<void> {
  await tx.execute(sql`select pg_notify(${channel}, ${JSON.stringify(payload)})`)
}

export const notifyLabel = (tx: Transaction, change: LabelChange) =>
  notifyInTx(tx, LABELS_CHANNEL, change)

export const notifyVersion = (tx: Transaction, change: VersionChange) =>
  notifyInTx(tx, VERSIONS_CHANNEL, change)

export const notifyKeyRevoked = (tx: Transaction, id: string) =>
  notifyInTx(tx, KEYS_CHANNEL, { id })
