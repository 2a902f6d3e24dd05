/**
 * LISTEN/NOTIFY channels. Writers notify inside their transaction, so Postgres delivers the
 * message exactly when (and only if) the change commits. Every replica listens and drops
 * its cached entries for what changed.
 * @module
 */

/** A label now points somewhere else, `latest` included (a publish or a status change). */
export const LABELS_CHANNEL = 'canon_labels'

/** A version's mutable slots changed: lifecycle status or eval summary. */
export const VERSIONS_CHANNEL = 'canon_versions'

/** An API key was revoked: replicas forget the keys they verified (payload `{id}`). */
export const KEYS_CHANNEL = 'canon_keys'

/** Payload on {@link LABELS_CHANNEL} (JSON). */
export interface LabelChange {
  name: string
  label: string
  version: number
}

/** Payload on {@link VERSIONS_CHANNEL} (JSON). */
export interface VersionChange {
  name: string
  version: number
  status: 'active' | 'deprecated' | 'retired'
}
