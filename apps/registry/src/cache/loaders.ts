import { type Database, getVersion, resolveLabel, snapshot } from '@canon/db'
import type { ResourceLoaders } from './prompt-cache'
import { labelResource, snapshotResource, versionResource } from './resources'

/** Fills cache misses from the database verbs. */
export function databaseLoaders(db: Database): ResourceLoaders {
  return {
    version: async (name, version) => versionResource(await getVersion(db, name, version)),
    label: async (name, label) => labelResource(await resolveLabel(db, name, label)),
    snapshot: async (label) => snapshotResource(await snapshot(db, { label })),
  }
}
