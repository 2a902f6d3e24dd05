/**
 * The database schema, one file per aggregate; telemetry is `executions`, `scores` and their
 * rollups.
 * @module
 */
export * from './api-keys'
export * from './audit-log'
export * from './executions'
export * from './prompt-labels'
export * from './prompt-versions'
export * from './prompts'
export * from './rollups'
export * from './scores'
