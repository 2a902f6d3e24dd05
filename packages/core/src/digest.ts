/**
 * Canonical JSON and the version digest (SPEC §1): equal digest = same prompt.
 * Synchronous and free of Node's crypto, so the SDK can verify digests in any fetch runtime.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { PromptDefinition } from './model'

function write(value: unknown, path: string): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`canonicalJson: ${path} is ${value}, not JSON`)
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => (v === undefined ? 'null' : write(v, `${path}[${i}]`))).join(',')}]`
      }
      const obj = value as Record<string, unknown>
      const parts: string[] = []
      // Default sort compares UTF-16 code units, the order RFC 8785 asks for.
      for (const key of Object.keys(obj).sort()) {
        if (obj[key] === undefined) continue
        parts.push(`${JSON.stringify(key)}:${write(obj[key], `${path}.${key}`)}`)
      }
      return `{${parts.join(',')}}`
    }
    default:
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}, not JSON`)
  }
}

/**
 * JSON with object keys sorted at every level and `undefined` properties left out.
 * Throws a TypeError on values JSON cannot hold (NaN, Infinity, bigint, functions).
 * @example canonicalJson({ b: 1, a: [true, undefined] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$')
}

/** sha256 hex of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)))
}

/**
 * The digest of a normalized definition: sha256 hex of its canonical JSON without `evaluation`.
 * @example promptDigest(def) // 'e3b0c442…' (64 hex characters)
 */
export function promptDigest(def: PromptDefinition): string {
  const { evaluation: _evaluation, ...rest } = def
  return sha256Hex(canonicalJson(rest))
}
