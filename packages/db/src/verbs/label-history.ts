import { CanonError } from '@canon/core'
import { and, desc, eq } from 'drizzle-orm'
import type { Database } from '../database'
import { findPrompt } from '../internal/prompt-lookup'
import type { LabelHistoryEntry } from '../records'
import { auditLog } from '../schema'
import { toIso } from '../sql'

/**
 * Who moved a label, when, from which version to which, newest first (from the audit log).
 * Works for `latest` too: its entries carry the `reason` it moved (`publish`, `status`).
 * An unknown label of a known prompt has an empty history.
 *
 * @example
 * const moves = await labelHistory(db, 'summarize_ticket', 'production', { limit: 20 })
 */
export async function labelHistory(
  db: Database,
  name: string,
  label: string,
  options: { limit?: number } = {},
): Promise<LabelHistoryEntry[]> {
  const limit = options.limit ?? 100
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new CanonError(
      'BAD_REQUEST',
      `invalid limit ${JSON.stringify(options.limit)}: expected 1..1000`,
    )
  }
  const prompt = await findPrompt(db.drizzle, String(name))
  const rows = await db.drizzle
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.prompt, prompt.name),
        eq(auditLog.label, String(label)),
        eq(auditLog.action, 'label.move'),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit)
  return rows.map((row) => {
    const entry: LabelHistoryEntry = {
      at: toIso(row.at),
      actor: row.actor,
      fromVersion: row.fromVersion,
      toVersion: row.toVersion,
    }
    const reason = row.details?.reason
    if (typeof reason === 'string') entry.reason = reason
    return entry
  })
}
