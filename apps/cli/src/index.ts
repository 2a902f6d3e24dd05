export { EXIT, type ExitCode } from './exit-codes'
export { type Io, memoryIo } from './io'
export { run } from './main'
