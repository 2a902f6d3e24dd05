import { CanonError } from '@canon/core'
import { eq, sql } from 'drizzle-orm'
import type { DrizzleDatabase } from '../database'
import { prompts } from '../schema'
import type { Transaction } from './transaction'

export interface PromptRow {
  id: number
  name: string
  latestVersion: number | null
}

const columns = { id: prompts.id, name: prompts.name, latestVersion: prompts.latestVersion }

/** Case-insensitive match on the unique `name_lower` index. */
export const nameMatches = (name: string) => eq(prompts.nameLower, sql`lower(${name})`)

/** Finds a prompt by name, any case; NOT_FOUND when missing. */
export async function findPrompt(
  db: DrizzleDatabase | Transaction,
  name: string,
): Promise<PromptRow> {
  const [row] = await db.select(columns).from(prompts).where(nameMatches(name)).limit(1)
  if (!row) throw notFound(name)
  return row
}

/**
 * Finds and row-locks a prompt for the rest of the transaction. Every write to a prompt takes
 * this lock first, so writes to one prompt are serialized and each sees the previous one's result.
 */
export async function lockPrompt(tx: Transaction, name: string): Promise<PromptRow> {
  const [row] = await tx.select(columns).from(prompts).where(nameMatches(name)).for('update')
  if (!row) throw notFound(name)
  return row
}

export function notFound(name: string): CanonError {
  return new CanonError('NOT_FOUND', `prompt ${name} not found`, { details: { name } })
}
