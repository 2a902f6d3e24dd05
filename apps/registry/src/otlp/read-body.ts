/**
 * Reading an OTLP request body: `Content-Encoding` gzip or deflate inflated with a cap on the
 * inflated size (a gzip bomb stops at the cap, never expands in memory), identity as is.
 * @module
 */
import { promisify } from 'node:util'
import { gunzip, inflate, inflateRaw } from 'node:zlib'
import { CanonError } from '@canon/core'

const gunzipAsync = promisify(gunzip)
const inflateAsync = promisify(inflate)
const inflateRawAsync = promisify(inflateRaw)

/** The encodings accepted, after lower-casing; anything else is 415. */
export type BodyEncoding = 'identity' | 'gzip' | 'deflate'

/** `Content-Encoding` → encoding; UNSUPPORTED_MEDIA_TYPE for others (and for chains). */
export function parseContentEncoding(header: string | undefined): BodyEncoding {
  const value = (header ?? '').trim().toLowerCase()
  if (value === '' || value === 'identity') return 'identity'
  if (value === 'gzip' || value === 'x-gzip') return 'gzip'
  if (value === 'deflate') return 'deflate'
  throw new CanonError(
    'UNSUPPORTED_MEDIA_TYPE',
    `unsupported Content-Encoding ${JSON.stringify(header)}: send gzip, deflate or no encoding`,
  )
}

function tooLarge(limit: number): CanonError {
  return new CanonError(
    'PAYLOAD_TOO_LARGE',
    `the decompressed request body is larger than the limit of ${limit} bytes`,
  )
}

function isOutputTooLarge(err: unknown): boolean {
  return (
    err instanceof RangeError ||
    (typeof err === 'object' &&
      err !== null &&
      (err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
  )
}

/**
 * The body as bytes, inflated when compressed. zlib stops as soon as the output would pass
 * `maxBytes` (PAYLOAD_TOO_LARGE); a corrupt or truncated stream is BAD_REQUEST.
 *
 * @example
 * const bytes = await decodeBody(new Uint8Array(await req.arrayBuffer()), 'gzip', 16 << 20)
 */
export async function decodeBody(
  raw: Uint8Array,
  encoding: BodyEncoding,
  maxBytes: number,
): Promise<Uint8Array> {
  if (raw.length > maxBytes) throw tooLarge(maxBytes)
  if (encoding === 'identity' || raw.length === 0) return raw
  const options = { maxOutputLength: maxBytes }
  try {
    if (encoding === 'gzip') return await gunzipAsync(raw, options)
    try {
      return await inflateAsync(raw, options)
    } catch (err) {
      // `deflate` is meant to be zlib-wrapped, but some clients send raw deflate.
      if (isOutputTooLarge(err)) throw err
      return await inflateRawAsync(raw, options)
    }
  } catch (err) {
    if (isOutputTooLarge(err)) throw tooLarge(maxBytes)
    throw new CanonError(
      'BAD_REQUEST',
      `the ${encoding} body cannot be decompressed: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
}
