import { CanonError } from '@canon/core'
import { and, arrayContains, asc, gt, like, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../database'
import { assertStorableText } from '../internal/validate'
import type { PromptSummary } from '../records'
import { promptLabels, prompts } from '../schema'
import { toIso } from '../sql'

export interface ListPromptsInput {
  /** Only prompts whose latest version carries this tag. */
  tag?: string
  /** Case-insensitive substring of the name. */
  search?: string
  /** Page size, 1..500 (default 50). */
  limit?: number
  /** `nextCursor` of the previous page. */
  cursor?: string
}

export interface PromptPage {
  items: PromptSummary[]
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null
}

/**
 * Prompts by name (case-insensitive order), with latest version, labels, and the latest
 * version's description and tags. One query per page, served by indexes (name, GIN on tags).
 *
 * @example
 * const { items, nextCursor } = await listPrompts(db, { tag: 'support', limit: 20 })
 */
export async function listPrompts(db: Database, input: ListPromptsInput = {}): Promise<PromptPage> {
  const limit = input.limit ?? 50
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new CanonError(
      'BAD_REQUEST',
      `invalid limit ${JSON.stringify(input.limit)}: expected 1..500`,
    )
  }
  assertStorableText({ tag: input.tag, search: input.search, cursor: input.cursor }, 'query')
  const filters: SQL[] = []
  if (input.tag !== undefined) {
    if (typeof input.tag !== 'string' || input.tag === '') {
      throw new CanonError('BAD_REQUEST', 'tag must be a non-empty string')
    }
    filters.push(arrayContains(prompts.tags, [input.tag]))
  }
  if (input.search !== undefined && input.search !== '') {
    if (typeof input.search !== 'string' || input.search.length > 200) {
      throw new CanonError('BAD_REQUEST', 'search must be a string of at most 200 characters')
    }
    filters.push(like(prompts.nameLower, `%${escapeLike(input.search.toLowerCase())}%`))
  }
  if (input.cursor !== undefined) filters.push(gt(prompts.nameLower, decodeCursor(input.cursor)))

  const rows = await db.drizzle
    .select({
      name: prompts.name,
      nameLower: prompts.nameLower,
      description: prompts.description,
      tags: prompts.tags,
      latestVersion: prompts.latestVersion,
      createdAt: prompts.createdAt,
      updatedAt: prompts.updatedAt,
      labels: sql<Record<string, number> | null>`(
        select jsonb_object_agg(${promptLabels.label}, ${promptLabels.version})
        from ${promptLabels} where ${promptLabels.promptId} = ${prompts.id})`,
    })
    .from(prompts)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(asc(prompts.nameLower))
    .limit(limit + 1)

  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map((row) => ({
      name: row.name,
      description: row.description,
      tags: row.tags,
      latestVersion: row.latestVersion,
      labels: row.labels ?? {},
      createdAt: toIso(row.createdAt),
      updatedAt: toIso(row.updatedAt),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.nameLower) : null,
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function encodeCursor(nameLower: string): string {
  return Buffer.from(nameLower, 'utf8').toString('base64url')
}

function decodeCursor(cursor: string): string {
  const value = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : ''
  if (!/^[a-z][a-z0-9._-]{0,127}$/.test(value)) {
    throw new CanonError('BAD_REQUEST', 'invalid cursor: pass the nextCursor of a previous page')
  }
  return value
}
