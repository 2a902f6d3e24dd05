/**
 * `@canon/registry`: the prompt registry server (SPEC §4).
 * @module
 */
export { type AppDeps, createApp } from './app'
export type { Clock } from './clock'
export { type DatabaseLocation, type LogLevel, loadConfig, type RegistryConfig } from './config'
export type { Problem } from './http/problem'
export { createJsonLogger, type Logger, silentLogger } from './logger'
export type { Lifecycle, RegistryApp } from './routes/deps'
export { type RunningRegistry, type StartOptions, startRegistry } from './start'
