import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FileCacheStore } from './file-store'
import { createFileCacheStore } from './file-store'
import type { CacheEntry } from './types'

let dir: string
let store: FileCacheStore

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'canon-cache-'))
  store = createFileCacheStore(join(dir, 'eval-cache'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const key = `ab${'0'.repeat(62)}`
const entry: CacheEntry = {
  version: 1,
  kind: 'embed',
  key,
  createdAt: '2025-01-01T00:00:00.000Z',
  request: { provider: 'openai', endpoint: 'https://api.openai.com/v1', model: 'm', text: 'hi' },
  response: { vector: [0.6, 0.8] },
}

describe('file cache store', () => {
  it('stores one pretty JSON file per key, sharded by the first two hex chars', async () => {
    await store.set(entry)
    expect(store.pathOf(key)).toBe(join(dir, 'eval-cache', 'ab', `${key}.json`))
    expect(JSON.parse(await readFile(store.pathOf(key), 'utf8'))).toEqual(entry)
    expect(await store.get(key)).toEqual(entry)
    // No temp files left behind.
    expect(await readdir(join(dir, 'eval-cache', 'ab'))).toEqual([`${key}.json`])
  })

  it('returns undefined on a miss', async () => {
    expect(await store.get(`cd${'1'.repeat(62)}`)).toBeUndefined()
  })

  it('names a corrupt file and how to fix it', async () => {
    await store.set(entry)
    await writeFile(store.pathOf(key), '{"version": 1, "key": "tr', 'utf8')
    await expect(store.get(key)).rejects.toThrow(
      /cache entry .*ab0+\.json is unreadable \(not JSON\); delete it or re-run with --cache record/,
    )
  })

  it('refuses keys that are not digests (no path traversal)', async () => {
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a sha256 hex digest/)
  })
})
