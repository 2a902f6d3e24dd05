/**
 * `@canon/db/testing`: run one suite against embedded PGlite (in memory) and against a real
 * Postgres (a fresh database per suite, dropped afterwards), plus a bulk seeder for benchmarks.
 *
 * Postgres comes from `TEST_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`,
 * used only to create and drop `canon_test_*` databases). When it is unreachable the postgres
 * variant is skipped with a warning, unless `CI` is set: then it fails.
 *
 * @example
 * describeDrivers('publishVersion', (t) => {
 *   it('publishes', async () => {
 *     const { status } = await publishVersion(t.ctx('ci'), { definition, digest })
 *     expect(status).toBe('created')
 *   })
 * })
 * @module
 */
import { randomBytes } from 'node:crypto'
import { CanonError, type PromptDefinition, promptDigest } from '@canon/core'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, beforeEach, describe } from 'vitest'
import { createDatabase } from './create-database'
import type { Database, DatabaseKind } from './database'
import type { VerbContext } from './internal/context'
import { describeUrl } from './postgres-driver'
import { queryRows } from './sql'
import { type PublishVersionResult, publishVersion } from './verbs/publish-version'

/** The drivers every database suite runs against. */
export const TEST_DRIVERS: readonly DatabaseKind[] = ['pglite', 'postgres']

/** The server used to create throwaway test databases. */
export function postgresAdminUrl(): string {
  return process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
}

/** A throwaway database; `close()` closes it and, for Postgres, drops it. */
export interface TestDatabase {
  kind: DatabaseKind
  db: Database
  /** Connection string of the throwaway Postgres database (undefined for PGlite). */
  url: string | undefined
  close(): Promise<void>
}

/**
 * Opens a fresh database: PGlite in memory, or a new `canon_test_<random>` database on the
 * test server. Migrated unless `migrate: false`.
 */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true
  if (kind === 'pglite') {
    const db = await createDatabase({ memory: true, migrate })
    return { kind, db, url: undefined, close: () => db.close() }
  }
  const adminUrl = postgresAdminUrl()
  const admin = postgres(adminUrl, { max: 1, connect_timeout: 5, onnotice: () => {} })
  const name = `canon_test_${randomBytes(6).toString('hex')}`
  try {
    await admin.unsafe(`create database "${name}"`)
  } catch (err) {
    await admin.end({ timeout: 1 }).catch(() => {})
    throw new CanonError(
      'UNAVAILABLE',
      `cannot create a test database on ${describeUrl(adminUrl)}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    )
  }
  const url = withDatabase(adminUrl, name)
  const drop = async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.end({ timeout: 5 })
  }
  try {
    const db = await createDatabase({ url, migrate })
    return {
      kind,
      db,
      url,
      async close() {
        await db.close()
        await drop()
      },
    }
  } catch (err) {
    await drop().catch(() => {})
    throw err
  }
}

/** What a {@link describeDrivers} suite receives; `db` is ready inside tests and hooks. */
export interface DriverSuite {
  readonly kind: DatabaseKind
  readonly db: Database
  /** The throwaway database's connection string (Postgres only), e.g. to open a second client. */
  readonly url: string | undefined
  /** A verb context acting as `actor` (default `test`). */
  ctx(actor?: string): VerbContext
}

/**
 * Declares the suite once per driver (`name [pglite]`, `name [postgres]`), each with its own
 * fresh, migrated database, closed (and dropped) after the suite.
 */
export function describeDrivers(
  name: string,
  fn: (suite: DriverSuite) => void,
  options: { migrate?: boolean } = {},
): void {
  describe.each(TEST_DRIVERS)(`${name} [%s]`, (kind) => {
    let current: TestDatabase | undefined
    let skipReason: string | undefined
    const suite: DriverSuite = {
      kind,
      get db() {
        if (!current)
          throw new Error(`the ${kind} test database is not open (used outside a test?)`)
        return current.db
      },
      get url() {
        return current?.url
      },
      ctx: (actor = 'test') => ({ db: suite.db, actor }),
    }
    beforeAll(async () => {
      if (kind === 'postgres') {
        const problem = await postgresProblem()
        if (problem) {
          if (isCI()) {
            throw new Error(`Postgres is required when CI is set, but ${problem}`)
          }
          skipReason = `postgres variant skipped: ${problem} (start Postgres or set TEST_DATABASE_URL; with CI=true this fails)`
          warnOnce(skipReason)
          return
        }
      }
      current = await createTestDatabase(kind, options)
    }, 120_000)
    beforeEach((context) => {
      if (skipReason) context.skip(skipReason)
    })
    afterAll(async () => {
      await current?.close()
    }, 60_000)
    fn(suite)
  })
}

let probe: Promise<string | null> | undefined

/** Null when the test Postgres answers, else why not. Probed once per test file. */
export function postgresProblem(): Promise<string | null> {
  probe ??= (async () => {
    const url = postgresAdminUrl()
    const client = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} })
    try {
      await client`select 1`
      return null
    } catch (err) {
      return `${describeUrl(url)} is not reachable (${err instanceof Error ? err.message : String(err)})`
    } finally {
      await client.end({ timeout: 1 }).catch(() => {})
    }
  })()
  return probe
}

function isCI(): boolean {
  const ci = process.env.CI
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0'
}

const warned = new Set<string>()
function warnOnce(message: string): void {
  if (warned.has(message)) return
  warned.add(message)
  console.warn(message)
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

export interface SeedOptions {
  /** How many prompts (default 10 000). */
  prompts?: number
  /** Versions per prompt (default 5). */
  versionsEach?: number
  /** Name prefix (default `seed`): names are `<prefix>_000001`, …. */
  prefix?: string
}

/**
 * Bulk-inserts synthetic prompts for benchmarks, in a few set-based statements (no audit rows):
 * each prompt gets `versionsEach` versions, `production` on the one before last and `staging`
 * on the last; tags `seed` and `team-<i mod 10>`.
 *
 * @example
 * await seedPrompts(db, { prompts: 10_000, versionsEach: 5 })
 */
export async function seedPrompts(
  db: Database,
  options: SeedOptions = {},
): Promise<{ prompts: number; versions: number }> {
  const count = options.prompts ?? 10_000
  const versionsEach = options.versionsEach ?? 5
  const prefix = options.prefix ?? 'seed'
  if (
    !Number.isInteger(count) ||
    count < 1 ||
    !Number.isInteger(versionsEach) ||
    versionsEach < 1
  ) {
    throw new CanonError('BAD_REQUEST', 'seedPrompts needs positive integer counts')
  }
  const production = Math.max(1, versionsEach - 1)
  await db.drizzle.transaction(async (tx) => {
    await tx.execute(sql`
      insert into prompts (name, latest_version, description, tags)
      select format('%s_%s', ${prefix}::text, lpad(i::text, 6, '0')), ${versionsEach}::int,
             'Seeded prompt ' || i, array['seed', 'team-' || (i % 10)]
      from generate_series(1, ${count}::int) as i`)
    await tx.execute(sql`
      insert into prompt_versions (prompt_id, version, definition, digest, published_by)
      select p.id, v, d.def, encode(sha256(convert_to(d.def::text, 'UTF8')), 'hex'), 'seed'
      from prompts p
      cross join generate_series(1, ${versionsEach}::int) as v
      cross join lateral (select jsonb_build_object(
        'name', p.name, 'version', v, 'description', p.description, 'tags', to_jsonb(p.tags),
        'owners', '[]'::jsonb,
        'inputs', '{"text": {"type": "string", "required": true}}'::jsonb,
        'model', '{"provider": "mock", "name": "mock-1"}'::jsonb,
        'template', 'Summarize for ' || p.name || ' (v' || v || '): {{ text }}') as def) d
      where p.name like ${`${prefix}\\_%`}`)
    await tx.execute(sql`
      insert into prompt_labels (prompt_id, label, version, updated_by)
      select p.id, l.label, l.version, 'seed'
      from prompts p
      cross join (values ('production', ${production}::int), ('staging', ${versionsEach}::int))
        as l(label, version)
      where p.name like ${`${prefix}\\_%`}`)
  })
  // Fresh statistics, as autovacuum would gather on real data, so plans match production.
  await db.drizzle.execute(sql`analyze prompts, prompt_versions, prompt_labels`)
  return { prompts: count, versions: count * versionsEach }
}

/**
 * A small valid normalized definition for tests; `template` makes variants with other digests.
 *
 * @example
 * const def = testDefinition('summarize', 2, { template: 'Other {{ text }}' })
 */
export function testDefinition(
  name: string,
  version: number,
  overrides: Partial<PromptDefinition> = {},
): PromptDefinition {
  return {
    name,
    version,
    description: `${name} for tests`,
    tags: ['test'],
    owners: ['team@example.com'],
    inputs: { text: { type: 'string', required: true } },
    model: { provider: 'mock', name: 'mock-1' },
    template: 'Summarize: {{ text }}',
    ...overrides,
  }
}

/**
 * Publishes {@link testDefinition}`(name, version, overrides)` with its digest.
 *
 * @example
 * await publishTestVersion(t.ctx(), 'summarize', 1)
 */
export function publishTestVersion(
  ctx: VerbContext,
  name: string,
  version: number,
  overrides: Partial<PromptDefinition> = {},
): Promise<PublishVersionResult> {
  const definition = testDefinition(name, version, overrides)
  return publishVersion(ctx, { definition, digest: promptDigest(definition) })
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected the promise to reject, but it resolved')
}

/** Tables whose rows a request can write (everything but the migrations journal). */
const WRITTEN_TABLES = [
  'prompts',
  'prompt_versions',
  'prompt_labels',
  'audit_log',
  'api_keys',
  'executions',
  'execution_rollups',
  'scores',
  'score_rollups',
] as const

/**
 * Row counts of every table requests write, to assert that a rejected request wrote nothing.
 * @example expect(await rowCounts(db)).toEqual(before)
 */
export async function rowCounts(db: Database): Promise<Record<string, number>> {
  const rows = await queryRows<{ name: string; n: number | string }>(
    db.drizzle,
    sql.raw(
      WRITTEN_TABLES.map((t) => `select '${t}' as name, count(*) as n from ${t}`).join(
        ' union all ',
      ),
    ),
  )
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]))
}
