/**
 * `@canon/sdk/node`: the SDK plus what needs Node's file system: a fallback snapshot given as
 * a file path (the file `canon pull --out` writes).
 * @module
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { CanonError } from '@canon/core'
import { type Canon, type CanonOptions, createCanon as createPortableCanon } from '../create-canon'
import type { Snapshot, SnapshotSource } from '../snapshot'
import type { CanonPrompts } from '../types'

export * from '../index'

/**
 * A snapshot loader for a file written by `canon pull --out`: read and parsed once, the first
 * time a fallback is needed (or at `prefetch()`).
 * @example createCanon({ baseUrl, apiKey, fallback: snapshotFile('./prompts.snapshot.json') })
 */
export function snapshotFile(path: string): () => Promise<Snapshot> {
  const file = resolve(path)
  return async () => {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new CanonError(
        'CONFIG_INVALID',
        code === 'ENOENT'
          ? `fallback snapshot ${file} does not exist (write it with \`canon pull --out ${path}\`)`
          : `fallback snapshot ${file} cannot be read: ${(err as Error).message}`,
        { cause: err },
      )
    }
    try {
      return JSON.parse(text) as Snapshot
    } catch (err) {
      throw new CanonError(
        'CONFIG_INVALID',
        `fallback snapshot ${file} is not JSON: ${(err as Error).message}`,
        { cause: err },
      )
    }
  }
}

/** `CanonOptions`, where `fallback` may also be the path of a snapshot file. */
export interface NodeCanonOptions extends Omit<CanonOptions, 'fallback'> {
  fallback?: SnapshotSource | string
}

/**
 * `createCanon` of `@canon/sdk`, accepting a snapshot file path as `fallback`.
 * @example
 * const canon = createCanon({ baseUrl, apiKey, fallback: './prompts.snapshot.json' })
 */
export function createCanon<P extends object = CanonPrompts>(options: NodeCanonOptions): Canon<P> {
  const { fallback, ...rest } = options
  if (typeof fallback === 'string') {
    return createPortableCanon<P>({ ...rest, fallback: snapshotFile(fallback) })
  }
  return createPortableCanon<P>(fallback === undefined ? rest : { ...rest, fallback })
}
