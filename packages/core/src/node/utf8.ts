/**
 * Strict UTF-8 decoding that says where the first bad byte is.
 * @module
 */

const strict = new TextDecoder('utf-8', { fatal: true })

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const c = bytes[i] as number
    if (c < 0x80) {
      i += 1
      continue
    }
    const need =
      c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0
    if (need === 0 || i + need >= bytes.length) return i
    // Second-byte ranges exclude overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf
    const c1 = bytes[i + 1] as number
    if (c1 < lo || c1 > hi) return i
    for (let k = 2; k <= need; k += 1) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i
    i += need + 1
  }
  return -1
}

export type DecodeResult =
  | { ok: true; text: string }
  | { ok: false; line: number; col: number; byte: number }

/**
 * Decodes UTF-8 (dropping a BOM), or reports the 1-based line:col of the first bad byte.
 * @example decodeUtf8(new Uint8Array([0x61, 0x0a, 0xff])) // { ok: false, line: 2, col: 1, byte: 255 }
 */
export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: strict.decode(bytes) }
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(bytes))
    const lineStart = bad === 0 ? 0 : bytes.lastIndexOf(0x0a, bad - 1) + 1
    let line = 1
    for (let i = 0; i < lineStart; i += 1) if (bytes[i] === 0x0a) line += 1
    const before = strict.decode(bytes.subarray(lineStart, bad))
    return { ok: false, line, col: before.length + 1, byte: bytes[bad] ?? 0 }
  }
}
