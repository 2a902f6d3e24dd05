/**
 * The registry server entry: `tsx apps/registry/src/main.ts`. Telemetry is imported first so
 * instrumentation sees every module that follows.
 */
import './telemetry'
import { isCanonError } from '@canon/core'
import { loadConfig } from './config'
import { startRegistry } from './start'

try {
  await startRegistry(loadConfig(process.env))
} catch (err) {
  const message = isCanonError(err)
    ? err.message
    : err instanceof Error
      ? (err.stack ?? err.message)
      : String(err)
  process.stderr.write(`canon registry: ${message}\n`)
  process.exit(isCanonError(err) && err.code === 'CONFIG_INVALID' ? 2 : 1)
}
