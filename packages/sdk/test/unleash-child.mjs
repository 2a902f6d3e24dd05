// A real unleash-server in its own process: unleash-server calls process.exit() on some fatal
// database errors (for instance when its database is dropped at the end of a test), which must
// not take the test runner's worker down with it. Configured by CANON_UNLEASH_CONFIG (JSON);
// prints `READY <port>` once listening; stops cleanly on SIGTERM.
import { start } from 'unleash-server'

const instance = await start(JSON.parse(process.env.CANON_UNLEASH_CONFIG ?? '{}'))
process.stdout.write(`READY ${instance.server.address().port}\n`)
process.once('SIGTERM', async () => {
  await instance.stop().catch(() => {})
  process.exit(0)
})
