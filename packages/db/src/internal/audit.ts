import { auditLog } from '../schema'
import type { Transaction } from './transaction'

/** Appends an audit row inside the caller's transaction. */
export async function writeAudit(
  tx: Transaction,
  row: typeof auditLog.$inferInsert,
): Promise<void> {
  await tx.insert(auditLog).values(row)
}
