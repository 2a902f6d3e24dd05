import { createHash, randomBytes } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** `canon_` + 32 base62 characters (~190 bits), drawn without modulo bias. */
export function generateApiKey(): string {
  let out = ''
  while (out.length < 32) {
    for (const byte of randomBytes(48)) {
      // 248 = 4 × 62: bytes at or above it would favour the first characters.
      if (byte < 248 && out.length < 32) out += ALPHABET[byte % 62]
    }
  }
  return `canon_${out}`
}

/** sha256 hex of a raw key: the only form a key is stored in. */
export function hashApiKey(rawKey: string): string {
  return createHash('sha256').update(rawKey, 'utf8').digest('hex')
}

/** The first characters of a key, enough to recognise it in a list. */
export function keyPrefix(rawKey: string): string {
  return rawKey.slice(0, 12)
}
