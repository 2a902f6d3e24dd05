/**
 * Turns database records into cached response bodies (serialized once, served many times).
 * @module
 */

import { createHash } from 'node:crypto'
import { promptKind } from '@canon/core'
import type { PromptVersion, ResolvedLabel, Snapshot } from '@canon/db'
import type { CachedResource } from './prompt-cache'

/** The public JSON shape of a version (`GET …/versions/{v}`, `PUT …/versions/{v}`). */
export function versionJson(v: PromptVersion) {
  return {
    name: v.name,
    version: v.version,
    digest: v.digest,
    status: v.status,
    kind: promptKind(v.definition),
    definition: v.definition,
    publishedAt: v.publishedAt,
    publishedBy: v.publishedBy,
    sourceCommit: v.sourceCommit,
    sourcePath: v.sourcePath,
    evalSummary: v.evalSummary,
  }
}

/** A version as a cached resource; its ETag is the digest (versions never change content). */
export function versionResource(v: PromptVersion): CachedResource {
  return withStatus(v, JSON.stringify(versionJson(v)), `"${v.digest}"`)
}

/**
 * The version a label points at. The ETag is the digest too, so it changes when the label moves;
 * a status suffix makes a deprecation visible to clients revalidating with `If-None-Match`.
 */
export function labelResource(r: ResolvedLabel): CachedResource {
  const { name, ...rest } = versionJson(r)
  const body = JSON.stringify({ name, label: r.label, ...rest })
  const etag = r.status === 'active' ? `"${r.digest}"` : `"${r.digest}.${r.status}"`
  return withStatus(r, body, etag)
}

/** Every prompt at a label; the ETag hashes the body (it covers many versions). */
export function snapshotResource(s: Snapshot): CachedResource {
  const prompts = s.prompts.map((p) => ({
    name: p.name,
    label: s.label,
    version: p.version,
    digest: p.digest,
    status: p.status,
    kind: promptKind(p.definition),
    definition: p.definition,
  }))
  const body = JSON.stringify({ label: s.label, generatedAt: s.generatedAt, prompts })
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 32)
  return { body, etag: `"${hash}"`, status: 'active' }
}

function withStatus(v: PromptVersion, body: string, etag: string): CachedResource {
  if (v.status === 'active') return { body, etag, status: v.status }
  return {
    body,
    etag,
    status: v.status,
    statusChangedAt: Math.floor(Date.parse(v.statusChangedAt) / 1000),
  }
}
