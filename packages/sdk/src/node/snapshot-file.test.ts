import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCanon, snapshotFile } from './index'

const dir = mkdtempSync(join(tmpdir(), 'canon-sdk-snapshot-'))
const down = (async () => {
  throw new TypeError('fetch failed')
}) as unknown as typeof fetch

describe('snapshot files (@canon/sdk/node)', () => {
  it('says how to create a missing snapshot file, and when a file is not JSON', async () => {
    await expect(snapshotFile(join(dir, 'missing.json'))()).rejects.toThrow(
      /does not exist \(write it with `canon pull --out/,
    )
    writeFileSync(join(dir, 'bad.json'), '{ not json')
    await expect(snapshotFile(join(dir, 'bad.json'))()).rejects.toThrow(/is not JSON/)
  })

  it('accepts a path as fallback and fails prefetch at start-up when the file is missing', async () => {
    const canon = createCanon({
      baseUrl: 'http://127.0.0.1:9',
      fetch: down,
      fallback: join(dir, 'missing.json'),
      onError: () => {},
    })
    await expect(canon.prefetch()).rejects.toThrow(/missing\.json does not exist/)
    await expect(canon.get('Anything')).rejects.toThrow(
      /Anything@production is unavailable: .*the fallback snapshot could not be loaded/,
    )
  })
})
