/**
 * Registry configuration: the one place that reads the environment. Everything else receives a
 * typed `RegistryConfig`.
 * @module
 */
import { CanonError } from '@canon/core'
import { z } from 'zod'

/** Log levels, most verbose first; `silent` turns request logs off (tests). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Where the registry keeps its data: a Postgres URL, or the embedded PGlite database in a folder. */
export type DatabaseLocation = { url: string } | { dataDir: string }

/** The validated configuration of one registry process. */
export interface RegistryConfig {
  port: number
  host: string
  database: DatabaseLocation
  /** A key with every scope that this registry accepts (bootstrapping and CI). */
  adminKey?: string
  /** Largest request body accepted, in bytes; larger bodies get `413`. */
  bodyLimitBytes: number
  logLevel: LogLevel
  /** Unleash for server-side A/B resolve (`POST /v1/prompts/{name}/resolve`); absent = no flags. */
  unleash?: { url: string; apiToken?: string }
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1 << 20,
  mib: 1 << 20,
}

/** `1048576`, `512kb`, `1mb`, `2MiB` → bytes. */
const byteSize = z
  .string()
  .trim()
  .regex(/^\d+\s*(b|kb|kib|mb|mib)?$/i, 'expected a size such as 1048576, 512kb or 1mb')
  .transform((text) => {
    const match = /^(\d+)\s*([a-z]*)$/i.exec(text)
    const [, digits = '0', unit = ''] = match ?? []
    return Number(digits) * (UNITS[unit.toLowerCase()] ?? 1)
  })
  .pipe(
    z
      .number()
      .int()
      .min(1024, 'must be at least 1kb')
      .max(64 << 20, 'must be at most 64mb'),
  )

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

const envSchema = z.object({
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(4280)),
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
      .optional(),
  ),
  CANON_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('.canon/')),
  CANON_ADMIN_KEY: z.preprocess(
    blankToUndefined,
    z.string().min(16, 'must be at least 16 characters (use a long random value)').optional(),
  ),
  CANON_BODY_LIMIT: z.preprocess(blankToUndefined, byteSize.default(1 << 20)),
  UNLEASH_URL: z.preprocess(
    blankToUndefined,
    z.url({ error: 'expected an http(s) URL' }).optional(),
  ),
  UNLEASH_API_TOKEN: z.preprocess(blankToUndefined, z.string().optional()),
  CANON_LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
    z.enum(LOG_LEVELS).default('info'),
  ),
})

/**
 * Reads and validates the registry's environment, failing closed: any invalid variable throws a
 * `CONFIG_INVALID` error naming every problem at once.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `PORT` | `4280` | HTTP port (`0` picks a free one) |
 * | `HOST` | `0.0.0.0` | interface to listen on |
 * | `DATABASE_URL` | — | Postgres URL; without it the embedded PGlite database is used |
 * | `CANON_DATA_DIR` | `.canon/` | folder of the embedded database |
 * | `CANON_ADMIN_KEY` | — | key with every scope; without it the first start creates and prints one |
 * | `CANON_BODY_LIMIT` | `1mb` | largest request body (`413` above it) |
 * | `CANON_LOG_LEVEL` | `info` | `debug`, `info`, `warn`, `error` or `silent` |
 * | `UNLEASH_URL`, `UNLEASH_API_TOKEN` | — | Unleash server and client token for server-side A/B resolve |
 *
 * @example const config = loadConfig(process.env)
 */
export function loadConfig(env: Record<string, string | undefined>): RegistryConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new CanonError(
      'CONFIG_INVALID',
      `invalid registry configuration:\n  ${problems.join('\n  ')}`,
    )
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { url: e.DATABASE_URL } : { dataDir: e.CANON_DATA_DIR },
    ...(e.CANON_ADMIN_KEY ? { adminKey: e.CANON_ADMIN_KEY } : {}),
    bodyLimitBytes: e.CANON_BODY_LIMIT,
    logLevel: e.CANON_LOG_LEVEL,
    ...(e.UNLEASH_URL
      ? {
          unleash: {
            url: e.UNLEASH_URL,
            ...(e.UNLEASH_API_TOKEN ? { apiToken: e.UNLEASH_API_TOKEN } : {}),
          },
        }
      : {}),
  }
}
