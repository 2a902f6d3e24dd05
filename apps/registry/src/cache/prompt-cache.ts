/**
 * The registry's hot path: versions, labels and snapshots held in memory as pre-serialized JSON
 * bodies with their ETags, so a warm `GET` never touches the database.
 * @module
 */

export type VersionStatus = 'active' | 'deprecated' | 'retired'

/** A response body ready to send. */
export interface CachedResource {
  /** The JSON body, serialized once. */
  body: string
  /** Strong entity tag, quoted (`"sha256:…"`). */
  etag: string
  /** Lifecycle status of the version the body shows (snapshots are always `active`). */
  status: VersionStatus
  /** When the version left `active`, in unix seconds (for the `Deprecation` header). */
  statusChangedAt?: number
}

/** How the cache fills a miss; each loader throws `NOT_FOUND` for what does not exist. */
export interface ResourceLoaders {
  version(name: string, version: number): Promise<CachedResource>
  label(name: string, label: string): Promise<CachedResource>
  snapshot(label: string): Promise<CachedResource>
}

interface PromptBucket {
  versions: Map<number, CachedResource>
  labels: Map<string, CachedResource>
}

/**
 * Versions are kept until evicted (their content is immutable; a status change invalidates the
 * prompt), labels and snapshots until invalidated, locally after a write on this replica and
 * through Postgres NOTIFY for writes on others.
 *
 * A fill that started before an invalidation is not stored (a generation counter guards the
 * race), and concurrent misses on one key share one load.
 */
export class PromptCache {
  readonly #load: ResourceLoaders
  readonly #maxEntries: number
  readonly #prompts = new Map<string, PromptBucket>()
  readonly #snapshots = new Map<string, CachedResource>()
  readonly #pending = new Map<string, Promise<CachedResource>>()
  #entries = 0
  #generation = 0

  constructor(load: ResourceLoaders, options: { maxEntries?: number } = {}) {
    this.#load = load
    this.#maxEntries = options.maxEntries ?? 50_000
  }

  /** Number of cached versions and labels (snapshots not counted). */
  get size(): number {
    return this.#entries
  }

  /** A version's body; resolves from memory when warm. */
  version(name: string, version: number): CachedResource | Promise<CachedResource> {
    const key = name.toLowerCase()
    const hit = this.#prompts.get(key)?.versions.get(version)
    if (hit) return hit
    return this.#fill(
      `v\0${key}\0${version}`,
      () => this.#load.version(name, version),
      (res) => {
        this.#bucket(key).versions.set(version, res)
        return true
      },
    )
  }

  /** The version a label points at (including the computed `latest`). */
  label(name: string, label: string): CachedResource | Promise<CachedResource> {
    const key = name.toLowerCase()
    const hit = this.#prompts.get(key)?.labels.get(label)
    if (hit) return hit
    return this.#fill(
      `l\0${key}\0${label}`,
      () => this.#load.label(name, label),
      (res) => {
        this.#bucket(key).labels.set(label, res)
        return true
      },
    )
  }

  /** Every prompt at a label. */
  snapshot(label: string): CachedResource | Promise<CachedResource> {
    const hit = this.#snapshots.get(label)
    if (hit) return hit
    return this.#fill(
      `s\0${label}`,
      () => this.#load.snapshot(label),
      (res) => {
        this.#snapshots.set(label, res)
        return false
      },
    )
  }

  /** Drops everything known about one prompt (label move, publish, status change). */
  invalidatePrompt(name: string): void {
    this.#generation++
    // Loads in flight may return what was true before; later requests must not join them.
    this.#pending.clear()
    const key = name.toLowerCase()
    const bucket = this.#prompts.get(key)
    if (bucket) {
      this.#entries -= bucket.versions.size + bucket.labels.size
      this.#prompts.delete(key)
    }
    this.#snapshots.clear()
  }

  /** Drops everything (a lost notification channel, an unreadable notification). */
  invalidateAll(): void {
    this.#generation++
    this.#pending.clear()
    this.#prompts.clear()
    this.#snapshots.clear()
    this.#entries = 0
  }

  #bucket(key: string): PromptBucket {
    let bucket = this.#prompts.get(key)
    if (!bucket) {
      bucket = { versions: new Map(), labels: new Map() }
      this.#prompts.set(key, bucket)
    }
    return bucket
  }

  #fill(
    pendingKey: string,
    load: () => Promise<CachedResource>,
    /** Stores a loaded resource; returns whether it counts against `maxEntries`. */
    store: (res: CachedResource) => boolean,
  ): Promise<CachedResource> {
    const pending = this.#pending.get(pendingKey)
    if (pending) return pending
    const generation = this.#generation
    const promise = load()
      .then((res) => {
        if (generation === this.#generation) {
          this.#makeRoom()
          if (store(res)) this.#entries++
        }
        return res
      })
      .finally(() => {
        if (this.#pending.get(pendingKey) === promise) this.#pending.delete(pendingKey)
      })
    this.#pending.set(pendingKey, promise)
    return promise
  }

  /** Evicts whole prompts, oldest first, when the cache is full. */
  #makeRoom(): void {
    for (const [key, bucket] of this.#prompts) {
      if (this.#entries < this.#maxEntries) return
      this.#entries -= bucket.versions.size + bucket.labels.size
      this.#prompts.delete(key)
    }
  }
}
