import { createHash } from 'node:crypto'
import { isCanonError } from '@canon/core'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { apiKeys, auditLog } from '../schema'
import { describeDrivers, rejectionOf } from '../testing'
import { createApiKey } from './create-api-key'
import { ensureAdminKey } from './ensure-admin-key'
import { listApiKeys } from './list-api-keys'
import { revokeApiKey } from './revoke-api-key'
import { verifyApiKey } from './verify-api-key'

describeDrivers('API keys', (t) => {
  it('creates a key shown once, stores only its sha256, and verifies it', async () => {
    const created = await createApiKey(t.db, {
      name: 'ci',
      scopes: ['read', 'publish'],
      actor: 'alice',
    })
    expect(created.key).toMatch(/^canon_[0-9A-Za-z]{32}$/)
    expect(created.prefix).toBe(created.key.slice(0, 12))

    const [row] = await t.db.drizzle.select().from(apiKeys).where(eq(apiKeys.id, created.id))
    expect(row?.keyHash).toBe(createHash('sha256').update(created.key).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(created.key)
    expect(JSON.stringify(await listApiKeys(t.db))).not.toContain(created.key)

    expect(await verifyApiKey(t.db, created.key)).toEqual({
      id: created.id,
      name: 'ci',
      scopes: ['read', 'publish'],
    })
    expect(await verifyApiKey(t.db, `${created.key}x`)).toBeNull()
    expect(await verifyApiKey(t.db, '')).toBeNull()

    const audit = await t.db.drizzle
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'apikey.create'))
    expect(audit.some((a) => a.actor === 'alice' && a.details?.id === created.id)).toBe(true)
  })

  it('records last use at most once a minute', async () => {
    const { id, key } = await createApiKey(t.db, { name: 'reader', scopes: ['read'] })
    await verifyApiKey(t.db, key)
    const [first] = await listApiKeys(t.db).then((keys) => keys.filter((k) => k.id === id))
    expect(first?.lastUsedAt).toEqual(expect.any(String))
    await verifyApiKey(t.db, key)
    const [second] = await listApiKeys(t.db).then((keys) => keys.filter((k) => k.id === id))
    expect(second?.lastUsedAt).toBe(first?.lastUsedAt)
  })

  it('revokes a key: verify rejects it from then on', async () => {
    const { id, key } = await createApiKey(t.db, { name: 'temp', scopes: ['label'] })
    const revoked = await revokeApiKey(t.db, { id, actor: 'alice' })
    expect(revoked.revokedAt).toEqual(expect.any(String))
    expect(await verifyApiKey(t.db, key)).toBeNull()
    const again = await revokeApiKey(t.db, { id })
    expect(again.revokedAt).toBe(revoked.revokedAt)
    for (const badId of ['00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
      const err = await rejectionOf(revokeApiKey(t.db, { id: badId }))
      expect(isCanonError(err) && err.code).toBe('NOT_FOUND')
    }
  })

  it('rejects unknown scopes and empty names', async () => {
    const scope = await rejectionOf(
      createApiKey(t.db, { name: 'x', scopes: ['read', 'root' as 'read'] }),
    )
    expect(isCanonError(scope) && scope.code).toBe('BAD_REQUEST')
    expect((scope as Error).message).toContain('"root"')
    const empty = await rejectionOf(createApiKey(t.db, { name: 'x', scopes: [] }))
    expect(isCanonError(empty) && empty.code).toBe('BAD_REQUEST')
    const noName = await rejectionOf(createApiKey(t.db, { name: ' ', scopes: ['read'] }))
    expect(isCanonError(noName) && noName.code).toBe('BAD_REQUEST')
  })

  it('registers the configured admin key once, with every scope, even when replicas race', async () => {
    const raw = 'canon_admin_configured_key_0123456789'
    const results = await Promise.all([1, 2, 3, 4].map(() => ensureAdminKey(t.db, raw)))
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(await verifyApiKey(t.db, raw)).toMatchObject({
      scopes: ['read', 'publish', 'label', 'telemetry', 'admin'],
    })
    const short = await rejectionOf(ensureAdminKey(t.db, 'short'))
    expect(isCanonError(short) && short.code).toBe('CONFIG_INVALID')

    await revokeApiKey(t.db, { id: results[0]!.id })
    expect(await ensureAdminKey(t.db, raw)).toMatchObject({ created: false, revoked: true })
    expect(await verifyApiKey(t.db, raw)).toBeNull()
  })
})
