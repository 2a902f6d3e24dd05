/**
 * Cache entries as files: `<dir>/<key[0..2]>/<key>.json`, pretty-printed so that a cache
 * committed to git diffs readably. Writes go to a temp file renamed into place, so a crash or
 * a parallel writer never leaves half a file.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CanonError } from '@canon/core'
import type { CacheEntry, CacheStore } from './types'

/** Default cache directory, relative to the working directory. */
export const DEFAULT_CACHE_DIR = '.canon/eval-cache'

const KEY = /^[0-9a-f]{64}$/

export interface FileCacheStore extends CacheStore {
  readonly dir: string
  /** Path of the file a key lives in. */
  pathOf(key: string): string
}

function checkKey(key: string): string {
  if (!KEY.test(key))
    throw new CanonError(
      'BAD_REQUEST',
      `cache key ${JSON.stringify(key)} is not a sha256 hex digest`,
    )
  return key
}

function corrupt(path: string, reason: string): CanonError {
  return new CanonError(
    'VALIDATION_FAILED',
    `cache entry ${path} is unreadable (${reason}); delete it or re-run with --cache record`,
    { details: { corrupt: true, path } },
  )
}

function isEntry(value: unknown, key: string): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false
  const e = value as Record<string, unknown>
  return (
    e.version === 1 &&
    e.key === key &&
    (e.kind === 'complete' || e.kind === 'embed') &&
    typeof e.response === 'object' &&
    e.response !== null
  )
}

/**
 * @example const store = createFileCacheStore() // .canon/eval-cache
 */
export function createFileCacheStore(dir: string = DEFAULT_CACHE_DIR): FileCacheStore {
  const pathOf = (key: string) => join(dir, checkKey(key).slice(0, 2), `${key}.json`)
  return {
    dir,
    pathOf,
    async get(key) {
      const path = pathOf(key)
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw corrupt(path, (err as Error).message)
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        throw corrupt(path, 'not JSON')
      }
      if (!isEntry(parsed, key)) throw corrupt(path, 'not a cache entry for this key')
      return parsed
    },
    async set(entry) {
      const path = pathOf(entry.key)
      await mkdir(join(dir, entry.key.slice(0, 2)), { recursive: true })
      const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
      try {
        await writeFile(tmp, `${JSON.stringify(entry, null, 2)}\n`, 'utf8')
        await rename(tmp, path)
      } catch (err) {
        await rm(tmp, { force: true })
        throw err
      }
    },
  }
}

/** An in-memory store for tests and one-off runs. */
export function createMemoryCacheStore(): CacheStore & { readonly size: number } {
  const entries = new Map<string, CacheEntry>()
  return {
    get size() {
      return entries.size
    },
    async get(key) {
      const entry = entries.get(key)
      return entry === undefined ? undefined : structuredClone(entry)
    },
    async set(entry) {
      entries.set(entry.key, structuredClone(entry))
    },
  }
}
