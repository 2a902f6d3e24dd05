/**
 * The database schema, one file per aggregate. Telemetry tables (executions, scores, rollups)
 * will join here as their own files.
 * @module
 */
export * from './api-keys'
export * from './audit-log'
export * from './prompt-labels'
export * from './prompt-versions'
export * from './prompts'
