/**
 * Test support: a real `unleash-server` 7.5.1 on its own fresh Postgres database (dropped at
 * the end). When Postgres is unreachable the suite is skipped with a message, unless `CI` is
 * set: then it fails.
 * @module
 */

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'

export const ADMIN_TOKEN = '*:*.canon-test-admin-token'
export const CLIENT_TOKEN = '*:development.canon-test-client-token'

const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

export interface RunningUnleash {
  /** e.g. `http://127.0.0.1:41234` */
  url: string
  stop(): Promise<void>
  /** Stops the server (if still running) and drops its database. */
  dispose(): Promise<void>
}

/** Why Postgres cannot be used, or undefined when it can. */
export async function postgresProblem(): Promise<string | undefined> {
  const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try {
    await sql`select 1`
    return undefined
  } catch (err) {
    return `${(err as Error).message}`
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {})
  }
}

export async function startUnleash(): Promise<RunningUnleash> {
  const database = `canon_unleash_test_${randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => {} })
  await admin.unsafe(`create database "${database}"`)
  const url = new URL(ADMIN_URL)
  const config = {
    db: {
      user: decodeURIComponent(url.username) || 'postgres',
      password: decodeURIComponent(url.password),
      host: url.hostname,
      port: Number(url.port || 5432),
      database,
      ssl: false,
    },
    server: { port: 0, host: '127.0.0.1' },
    authentication: {
      initApiTokens: [
        { environment: '*', project: '*', secret: ADMIN_TOKEN, type: 'admin', tokenName: 'admin' },
        {
          environment: 'development',
          project: '*',
          secret: CLIENT_TOKEN,
          type: 'client',
          tokenName: 'client',
        },
      ],
    },
    versionCheck: { enable: false },
    logLevel: 'error',
  }
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./unleash-child.mjs', import.meta.url))],
    {
      env: { ...process.env, CANON_UNLEASH_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  let output = ''
  const port = await new Promise<number>((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const m = /READY (\d+)/.exec(output)
      if (m) ready(Number(m[1]))
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) =>
      fail(new Error(`unleash-server exited (${code}) before listening:\n${output}`)),
    )
  })
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    child.kill('SIGTERM')
    await exited
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop,
    async dispose() {
      await stop().catch(() => {})
      await admin.unsafe(`drop database if exists "${database}" with (force)`).catch(() => {})
      await admin.end({ timeout: 5 })
    },
  }
}
