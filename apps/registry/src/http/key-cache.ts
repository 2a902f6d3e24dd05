import type { Clock } from '../clock'
import type { Principal } from './app-env'

/** Looks a raw bearer token up; `null` when it is unknown or revoked. */
export type KeyVerifier = (token: string) => Promise<Principal | null>

export interface KeyCacheOptions {
  /** How long a verified key is trusted without asking the database again. */
  ttlMs?: number
  /** How long an unknown key is remembered as unknown (guards the database against floods). */
  negativeTtlMs?: number
  /** Most tokens remembered; the oldest are dropped first. */
  maxEntries?: number
}

interface Entry {
  principal: Principal | null
  expiresAt: number
}

/**
 * Remembers verified API keys for a short while so the hot path neither hashes nor queries per
 * request. Concurrent lookups of one token share one database query. A revocation clears it on
 * every replica (NOTIFY `canon_keys`); `ttlMs` bounds how long a key revoked behind Canon's back
 * (directly in the database) stays usable.
 */
export class KeyCache {
  readonly #verify: KeyVerifier
  readonly #clock: Clock
  readonly #ttlMs: number
  readonly #negativeTtlMs: number
  readonly #maxEntries: number
  readonly #entries = new Map<string, Entry>()
  readonly #pending = new Map<string, Promise<Principal | null>>()

  constructor(verify: KeyVerifier, clock: Clock, options: KeyCacheOptions = {}) {
    this.#verify = verify
    this.#clock = clock
    this.#ttlMs = options.ttlMs ?? 30_000
    this.#negativeTtlMs = options.negativeTtlMs ?? 5_000
    this.#maxEntries = options.maxEntries ?? 10_000
  }

  /** The key's principal, from memory when fresh. */
  lookup(token: string): Principal | null | Promise<Principal | null> {
    const hit = this.#entries.get(token)
    if (hit && hit.expiresAt > this.#clock.now()) return hit.principal
    const pending = this.#pending.get(token)
    if (pending) return pending
    const lookup = this.#verify(token)
      .then((principal) => {
        this.#remember(token, principal)
        return principal
      })
      .finally(() => this.#pending.delete(token))
    this.#pending.set(token, lookup)
    return lookup
  }

  /** Forgets every verified key: a key was revoked here or on another replica. */
  clear(): void {
    this.#entries.clear()
  }

  #remember(token: string, principal: Principal | null): void {
    this.#entries.delete(token)
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    const ttl = principal ? this.#ttlMs : this.#negativeTtlMs
    this.#entries.set(token, { principal, expiresAt: this.#clock.now() + ttl })
  }
}
