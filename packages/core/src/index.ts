export * from './diagnostics'
export * from './errors'
export * from './model'
