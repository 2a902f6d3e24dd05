import { sql } from 'drizzle-orm'
import type { Database } from '../../database'
import { queryRows } from '../../sql'

/**
 * The registry's spelling of a prompt name (names are unique case-insensitively), or the name
 * as given when this registry does not know the prompt (telemetry may name prompts it has not
 * seen).
 */
export async function canonicalName(db: Database, name: string): Promise<string> {
  const [row] = await queryRows<{ name: string }>(
    db.drizzle,
    sql`select name from prompts where name_lower = lower(${name})`,
  )
  return row?.name ?? name
}
