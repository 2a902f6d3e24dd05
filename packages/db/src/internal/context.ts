import { CanonError } from '@canon/core'
import type { Database } from '../database'

/** What every writing verb receives: the database and who is acting (an API key name, `cli`, …). */
export interface VerbContext {
  db: Database
  actor: string
}

/** Rejects an empty actor: every write must be attributable in the audit log. */
export function requireActor(ctx: VerbContext): string {
  const actor = typeof ctx.actor === 'string' ? ctx.actor.trim() : ''
  if (!actor) throw new CanonError('BAD_REQUEST', 'an actor is required for writes (audit log)')
  return actor
}
