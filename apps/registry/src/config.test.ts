import { isCanonError } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './config'

describe('loadConfig', () => {
  it('defaults: port 4280, embedded database under .canon/, 1 MiB bodies, info logs', () => {
    expect(loadConfig({})).toEqual({
      port: 4280,
      host: '0.0.0.0',
      database: { dataDir: '.canon/' },
      bodyLimitBytes: 1 << 20,
      logLevel: 'info',
    })
  })

  it('reads every variable, DATABASE_URL winning over the data dir', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://canon@db:5432/canon',
      CANON_DATA_DIR: '/var/lib/canon',
      CANON_ADMIN_KEY: 'a-very-long-admin-key-value',
      CANON_BODY_LIMIT: '512kb',
      CANON_LOG_LEVEL: 'WARN',
    })
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      database: { url: 'postgres://canon@db:5432/canon' },
      adminKey: 'a-very-long-admin-key-value',
      bodyLimitBytes: 512 * 1024,
      logLevel: 'warn',
    })
  })

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ', CANON_ADMIN_KEY: '' }).port).toBe(4280)
    expect(loadConfig({ DATABASE_URL: '' }).database).toEqual({ dataDir: '.canon/' })
  })

  it('accepts body limits in bytes, kb and mb', () => {
    expect(loadConfig({ CANON_BODY_LIMIT: '2048' }).bodyLimitBytes).toBe(2048)
    expect(loadConfig({ CANON_BODY_LIMIT: '2MiB' }).bodyLimitBytes).toBe(2 << 20)
  })

  it('fails closed, naming every invalid variable at once', () => {
    let error: unknown
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://nope',
        CANON_ADMIN_KEY: 'short',
        CANON_BODY_LIMIT: 'lots',
        CANON_LOG_LEVEL: 'chatty',
      })
    } catch (err) {
      error = err
    }
    expect(isCanonError(error) && error.code).toBe('CONFIG_INVALID')
    const message = (error as Error).message
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'CANON_ADMIN_KEY',
      'CANON_BODY_LIMIT',
      'CANON_LOG_LEVEL',
    ]) {
      expect(message).toContain(name)
    }
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/)
    expect(() => loadConfig({ CANON_BODY_LIMIT: '1' })).toThrow(/at least 1kb/)
  })
})
