/**
 * The SDK's cache (SPEC §5): versions kept forever (they are immutable); labels for a TTL, then
 * served stale while one background refresh per label revalidates with `ETag`; on registry
 * errors the stale copy keeps serving (stale-if-error), then the fallback snapshot. A clear
 * error only when none of these has the prompt.
 * @module
 */
import { CanonError, isCanonError, LABEL_NAME_PATTERN, PROMPT_NAME_PATTERN } from '@canon/core'
import type { Clock } from './clock'
import type { LoadedVersion, VersionLoader } from './loaded-version'
import type { PromptSource } from './prompt'
import { isAuthoritative, type RegistryClient } from './registry-client'
import { type SnapshotEntry, SnapshotIndex } from './snapshot'

/** A version and the source that served it. */
export interface Served {
  readonly loaded: LoadedVersion
  readonly source: PromptSource
}

/** Reports problems the app should hear about but that did not fail a call. */
export type ErrorReporter = (error: unknown, what: string) => void

export interface StoreOptions {
  client: RegistryClient
  loader: VersionLoader
  ttlMs: number
  clock: Clock
  /** The fallback snapshots (loaded once, on first need); undefined without a fallback. */
  snapshot: (() => Promise<SnapshotIndex>) | undefined
  onError: ErrorReporter
}

/** What `prefetch` did for one label. */
export interface PrefetchResult {
  label: string
  /** How many prompts are now in memory for the label. */
  prompts: number
  source: 'registry' | 'snapshot'
  /** Prompts left out because they failed the checks (invalid definition, unsafe template). */
  skipped: Array<{ name: string; error: string }>
}

class LabelEntry {
  loaded!: LoadedVersion
  etag: string | undefined
  origin: 'registry' | 'snapshot' = 'registry'
  freshUntil = 0
  refreshing = false
  retryAt = 0
  failures = 0
  // Preallocated answers: a warm get allocates nothing here.
  cache!: Served
  stale!: Served

  set(loaded: LoadedVersion, etag: string | undefined, origin: 'registry' | 'snapshot') {
    this.loaded = loaded
    this.etag = etag
    this.origin = origin
    this.cache = { loaded, source: origin === 'snapshot' ? 'snapshot' : 'cache' }
    this.stale = { loaded, source: origin === 'snapshot' ? 'snapshot' : 'stale' }
  }
}

interface VersionEntry {
  loaded: LoadedVersion
  cache: Served
}

export class PromptStore {
  readonly #o: StoreOptions
  /** label → name → entry (few labels, many names: the outer lookup is nearly free). */
  readonly #labels = new Map<string, Map<string, LabelEntry>>()
  /** name → version → entry. */
  readonly #versions = new Map<string, Map<number, VersionEntry>>()
  readonly #pending = new Map<string, Promise<Served>>()

  constructor(options: StoreOptions) {
    this.#o = options
  }

  /** The version `label` points at: from memory when possible, else fetched (single-flight). */
  label(name: string, label: string): Served | Promise<Served> {
    const entry = this.#labels.get(label)?.get(name)
    if (entry) {
      const now = this.#o.clock.now()
      if (now < entry.freshUntil) return entry.cache
      if (!entry.refreshing && now >= entry.retryAt) this.#refresh(name, label, entry)
      return entry.stale
    }
    const invalid = checkName(name) ?? checkLabel(name, label)
    if (invalid) return Promise.reject(invalid)
    const key = `l\u0000${label}\u0000${name}`
    let pending = this.#pending.get(key)
    if (!pending) {
      pending = this.#fetchLabel(name, label).finally(() => this.#pending.delete(key))
      this.#pending.set(key, pending)
    }
    return pending
  }

  /** One version: from memory, else fetched (single-flight), else from the snapshot. */
  version(name: string, version: number): Served | Promise<Served> {
    const entry = this.#versions.get(name)?.get(version)
    if (entry) return entry.cache
    const invalid = checkName(name) ?? checkVersion(name, version)
    if (invalid) return Promise.reject(invalid)
    const key = `v\u0000${version}\u0000${name}`
    let pending = this.#pending.get(key)
    if (!pending) {
      pending = this.#fetchVersion(name, version).finally(() => this.#pending.delete(key))
      this.#pending.set(key, pending)
    }
    return pending
  }

  /** Loads every prompt at `label` in one request (or from the snapshot when that fails). */
  async prefetch(label: string): Promise<PrefetchResult> {
    const skipped: PrefetchResult['skipped'] = []
    let entries: SnapshotEntry[]
    let source: PrefetchResult['source'] = 'registry'
    try {
      const read = await this.#o.client.snapshot(label)
      entries = new SnapshotIndex([read.body], `${this.#o.client.baseUrl}/v1/snapshot`).entries(
        label,
      )
    } catch (err) {
      if (isAuthoritative(err)) throw err
      const index = await this.#snapshotIndex(err, `snapshot of ${label}`)
      entries = index.entries(label)
      if (entries.length === 0) {
        throw new CanonError(
          'UNAVAILABLE',
          `prefetch ${label}: ${message(err)}, and the fallback snapshot has no prompts at ${label}`,
          { cause: err },
        )
      }
      source = 'snapshot'
      this.#o.onError(err, `prefetch ${label}: answering from the fallback snapshot`)
    }
    const now = this.#o.clock.now()
    let prompts = 0
    for (const e of entries) {
      try {
        const loaded = this.#o.loader.load(
          e,
          source === 'registry' ? 'registry snapshot' : 'fallback snapshot',
        )
        this.#keepVersion(loaded)
        const existing = this.#labels.get(label)?.get(e.name)
        // A live answer from the registry is never replaced by the fallback file.
        if (source === 'snapshot' && existing?.origin === 'registry') {
          prompts++
          continue
        }
        const entry = this.#labelEntry(e.name, label)
        entry.set(loaded, undefined, source)
        entry.freshUntil = source === 'registry' ? now + this.#o.ttlMs : 0
        entry.failures = source === 'registry' ? 0 : 1
        entry.retryAt = source === 'registry' ? 0 : now + this.#backoff(1)
        prompts++
      } catch (err) {
        skipped.push({ name: e.name, error: message(err) })
        this.#o.onError(err, `prefetch ${label}: skipped ${e.name}`)
      }
    }
    return { label, prompts, source, skipped }
  }

  /** Loads the fallback snapshot now, so a bad file fails at start-up rather than in an outage. */
  async checkSnapshot(): Promise<void> {
    if (this.#o.snapshot) await this.#o.snapshot()
  }

  async #fetchLabel(name: string, label: string): Promise<Served> {
    const what = `${name}@${label}`
    try {
      const read = await this.#o.client.label(name, label)
      const loaded = this.#o.loader.load(read.body, `registry ${what}`, read.deprecated)
      const entry = this.#labelEntry(name, label)
      entry.set(loaded, read.etag, 'registry')
      entry.freshUntil = this.#o.clock.now() + this.#o.ttlMs
      this.#keepVersion(loaded)
      return { loaded, source: 'fresh' }
    } catch (err) {
      if (isAuthoritative(err)) throw inContext(err, `prompt ${what}`)
      const loaded = await this.#fallback(err, what, (index) => index.atLabel(name, label))
      const entry = this.#labelEntry(name, label)
      entry.set(loaded, undefined, 'snapshot')
      entry.failures = 1
      entry.retryAt = this.#o.clock.now() + this.#backoff(1)
      this.#keepVersion(loaded)
      this.#o.onError(err, `prompt ${what}: answering from the fallback snapshot`)
      return entry.stale
    }
  }

  async #fetchVersion(name: string, version: number): Promise<Served> {
    const what = `${name} v${version}`
    try {
      const read = await this.#o.client.version(name, version)
      const loaded = this.#o.loader.load(read.body, `registry ${what}`, read.deprecated)
      this.#keepVersion(loaded)
      return { loaded, source: 'fresh' }
    } catch (err) {
      if (isAuthoritative(err)) throw inContext(err, `prompt ${what}`)
      const loaded = await this.#fallback(err, what, (index) => index.atVersion(name, version))
      this.#keepVersion(loaded)
      this.#o.onError(err, `prompt ${what}: answering from the fallback snapshot`)
      return { loaded, source: 'snapshot' }
    }
  }

  /** The snapshot's copy, checked like a registry answer; else the error a user reads. */
  async #fallback(
    cause: unknown,
    what: string,
    find: (index: SnapshotIndex) => SnapshotEntry | undefined,
  ): Promise<LoadedVersion> {
    const index = await this.#snapshotIndex(cause, what)
    const entry = find(index)
    if (!entry) {
      throw new CanonError(
        'UNAVAILABLE',
        `prompt ${what} is unavailable: ${message(cause)}; the fallback snapshot (labels: ${index.labels.join(', ') || 'none'}) does not have it`,
        { cause },
      )
    }
    try {
      return this.#o.loader.load(entry, 'fallback snapshot')
    } catch (err) {
      throw new CanonError(
        'UNAVAILABLE',
        `prompt ${what} is unavailable: ${message(cause)}; its copy in the fallback snapshot is unusable: ${message(err)}`,
        { cause },
      )
    }
  }

  async #snapshotIndex(cause: unknown, what: string): Promise<SnapshotIndex> {
    if (!this.#o.snapshot) {
      throw new CanonError(
        'UNAVAILABLE',
        `${what} is unavailable: ${message(cause)}; no fallback snapshot is configured (createCanon({ fallback }), written by \`canon pull\`)`,
        { cause },
      )
    }
    try {
      return await this.#o.snapshot()
    } catch (err) {
      throw new CanonError(
        'UNAVAILABLE',
        `${what} is unavailable: ${message(cause)}; the fallback snapshot could not be loaded: ${message(err)}`,
        { cause },
      )
    }
  }

  /** One background revalidation; `refreshing` keeps it to one per label. */
  #refresh(name: string, label: string, entry: LabelEntry): void {
    entry.refreshing = true
    const what = `${name}@${label}`
    const etag = entry.origin === 'registry' ? entry.etag : undefined
    this.#o.client
      .label(name, label, etag)
      .then(
        (read) => {
          if (read.status === 304) {
            entry.freshUntil = this.#o.clock.now() + this.#o.ttlMs
          } else {
            const loaded = this.#o.loader.load(read.body, `registry ${what}`, read.deprecated)
            entry.set(loaded, read.etag, 'registry')
            entry.freshUntil = this.#o.clock.now() + this.#o.ttlMs
            this.#keepVersion(loaded)
          }
          entry.failures = 0
          entry.retryAt = 0
        },
        (err: unknown) => {
          const status = isCanonError(err) ? err.details?.status : undefined
          if (status === 404 || status === 410) {
            // The label is gone or points at a retired version: say so on the next get.
            if (this.#labels.get(label)?.get(name) === entry) this.#labels.get(label)?.delete(name)
          } else {
            entry.failures++
            entry.retryAt = this.#o.clock.now() + this.#backoff(entry.failures)
          }
          this.#o.onError(err, `refreshing ${what} (serving the copy in memory)`)
        },
      )
      .catch((err: unknown) => {
        // A bad body (invalid or unsafe definition): keep serving what we have.
        entry.failures++
        entry.retryAt = this.#o.clock.now() + this.#backoff(entry.failures)
        this.#o.onError(err, `refreshing ${what} (serving the copy in memory)`)
      })
      .finally(() => {
        entry.refreshing = false
      })
  }

  /** 1 s, 2 s, 4 s, … up to the TTL between retries of a failing registry. */
  #backoff(failures: number): number {
    return Math.min(this.#o.ttlMs, 1000 * 2 ** Math.min(failures - 1, 16))
  }

  #labelEntry(name: string, label: string): LabelEntry {
    let names = this.#labels.get(label)
    if (!names) {
      names = new Map()
      this.#labels.set(label, names)
    }
    let entry = names.get(name)
    if (!entry) {
      entry = new LabelEntry()
      names.set(name, entry)
    }
    return entry
  }

  #keepVersion(loaded: LoadedVersion): void {
    let versions = this.#versions.get(loaded.name)
    if (!versions) {
      versions = new Map()
      this.#versions.set(loaded.name, versions)
    }
    const existing = versions.get(loaded.version)
    if (existing && existing.loaded.deprecated === loaded.deprecated) return
    versions.set(loaded.version, { loaded, cache: { loaded, source: 'cache' } })
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function inContext(err: unknown, what: string): unknown {
  if (!isCanonError(err)) return err
  return new CanonError(err.code, `${what}: ${err.message}`, { cause: err, details: err.details })
}

function checkName(name: unknown): CanonError | undefined {
  if (typeof name === 'string' && PROMPT_NAME_PATTERN.test(name)) return undefined
  return new CanonError(
    'BAD_REQUEST',
    `${JSON.stringify(name)} is not a prompt name (${PROMPT_NAME_PATTERN})`,
  )
}

function checkLabel(name: string, label: unknown): CanonError | undefined {
  if (typeof label === 'string' && LABEL_NAME_PATTERN.test(label)) return undefined
  return new CanonError(
    'BAD_REQUEST',
    `get(${name}): ${JSON.stringify(label)} is not a label name (${LABEL_NAME_PATTERN})`,
  )
}

function checkVersion(name: string, version: unknown): CanonError | undefined {
  if (typeof version === 'number' && Number.isInteger(version) && version >= 1) return undefined
  return new CanonError(
    'BAD_REQUEST',
    `get(${name}): version must be an integer ≥ 1, got ${JSON.stringify(version)}`,
  )
}
