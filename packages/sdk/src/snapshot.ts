/**
 * The fallback snapshot: what `canon pull --out f` wrote (the body of `GET /v1/snapshot`).
 * Entries are checked only when served, with the same checks as registry answers.
 * @module
 */
import { CanonError } from '@canon/core'

/** One prompt of a snapshot, as `GET /v1/snapshot` returns it. */
export interface SnapshotEntry {
  name: string
  version: number
  digest: string
  status?: string
  definition: unknown
  [key: string]: unknown
}

/** A snapshot document: every prompt at one label. */
export interface Snapshot {
  label: string
  generatedAt?: string
  prompts: SnapshotEntry[]
}

/**
 * A parsed snapshot (or several), a list of them, or a function that loads them (called once,
 * the first time a fallback is needed or at `prefetch()`). `@canon/sdk/node` adds file paths.
 */
export type SnapshotSource =
  | Snapshot
  | readonly Snapshot[]
  | (() => Snapshot | readonly Snapshot[] | Promise<Snapshot | readonly Snapshot[]>)

/** Fallback entries indexed for lookups by label and by version. */
export class SnapshotIndex {
  readonly #byLabel = new Map<string, Map<string, SnapshotEntry>>()
  readonly #byVersion = new Map<string, Map<number, SnapshotEntry>>()
  /** Every label the snapshots cover. */
  readonly labels: string[] = []

  constructor(snapshots: readonly unknown[], origin: string) {
    for (const raw of snapshots) {
      const snapshot = asSnapshot(raw, origin)
      let names = this.#byLabel.get(snapshot.label)
      if (!names) {
        names = new Map()
        this.#byLabel.set(snapshot.label, names)
        this.labels.push(snapshot.label)
      }
      for (const entry of snapshot.prompts) {
        names.set(entry.name, entry)
        let versions = this.#byVersion.get(entry.name)
        if (!versions) {
          versions = new Map()
          this.#byVersion.set(entry.name, versions)
        }
        versions.set(entry.version, entry)
      }
    }
  }

  /** The entry a label pointed at when the snapshot was taken. */
  atLabel(name: string, label: string): SnapshotEntry | undefined {
    return this.#byLabel.get(label)?.get(name)
  }

  /** The entry of one version, whatever label brought it into the snapshot. */
  atVersion(name: string, version: number): SnapshotEntry | undefined {
    return this.#byVersion.get(name)?.get(version)
  }

  /** Every entry at a label. */
  entries(label: string): SnapshotEntry[] {
    return [...(this.#byLabel.get(label)?.values() ?? [])]
  }
}

function asSnapshot(value: unknown, origin: string): Snapshot {
  const fail = (why: string): never => {
    throw new CanonError(
      'VALIDATION_FAILED',
      `${origin} is not a snapshot written by \`canon pull\`: ${why}`,
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('expected an object { label, prompts }')
  }
  const v = value as Record<string, unknown>
  if (typeof v.label !== 'string' || v.label === '') return fail('`label` is missing')
  if (!Array.isArray(v.prompts)) return fail('`prompts` is not a list')
  v.prompts.forEach((p, i) => {
    const e = p as Record<string, unknown> | null
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.name !== 'string' ||
      !Number.isInteger(e.version) ||
      typeof e.digest !== 'string' ||
      typeof e.definition !== 'object' ||
      e.definition === null
    ) {
      fail(`prompts[${i}] is not { name, version, digest, definition }`)
    }
  })
  return v as unknown as Snapshot
}
