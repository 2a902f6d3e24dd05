import type { DrizzleDatabase } from '../database'

/** The transaction handle drizzle passes to `db.transaction(fn)`. */
export type Transaction = Parameters<Parameters<DrizzleDatabase['transaction']>[0]>[0]
