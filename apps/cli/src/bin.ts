#!/usr/bin/env node
import { run } from './main'

// `canon … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw err
})

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
