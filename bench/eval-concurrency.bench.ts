/**
 * Eval provider throughput (issue "Evaluation in CI"): 40 Chat Completions requests against a
 * stub OpenAI server that answers after 100 ms, run at concurrency 8 and at concurrency 1 in
 * the same process. Target: concurrency 8 is ≥ 6× faster (ideal 8×; the rest is HTTP overhead).
 *
 * The stub runs in a child process (a real provider is remote too), so its own work does not
 * compete with the client for this event loop. Each concurrency level runs 3 times,
 * alternating, and the medians are compared.
 *
 * Also checks the cache contract the runner relies on: after a `record` run, a `replay` re-run
 * of the same 40 requests makes zero provider calls.
 *
 * Run: npx tsx bench/eval-concurrency.bench.ts
 * @module
 */
import type { ChildProcess } from 'node:child_process'
import { fork } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CompletionRequest, Provider } from '../packages/eval/src/index'
import {
  createFileCacheStore,
  createOpenAIProvider,
  runWithConcurrency,
  withCache,
} from '../packages/eval/src/index'
import { startOpenAIStub } from '../packages/eval/test/stubs/index'
import { median, report } from './lib/measure'

const REQUESTS = 40
const LATENCY_MS = 100
const ROUNDS = 3

/** Starts the stub in a child process; resolves with its URL and a request counter. */
async function startRemoteStub() {
  const child: ChildProcess = fork(process.argv[1] as string, ['--serve-stub'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)))
  const { url } = await next<{ url: string }>()
  return {
    url,
    async requestCount() {
      const reply = next<{ requests: number }>()
      child.send({ count: true })
      return (await reply).requests
    },
    close() {
      child.disconnect()
    },
  }
}

const requests: CompletionRequest[] = Array.from({ length: REQUESTS }, (_, i) => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: `Classify ticket #${i}: I was charged twice in March.` }],
  params: { temperature: 0, max_tokens: 5 },
}))

async function wallMs(provider: Provider, concurrency: number): Promise<number> {
  const start = performance.now()
  await runWithConcurrency(requests, concurrency, (req, i) =>
    provider.complete(req, { caseId: `case-${i}` }),
  )
  return performance.now() - start
}

async function main() {
  const stub = await startRemoteStub()
  const dir = await mkdtemp(join(tmpdir(), 'canon-bench-cache-'))
  try {
    const provider = createOpenAIProvider({ baseUrl: stub.url })
    await wallMs(provider, 8) // warm up connections and the JIT
    const parallelRounds: number[] = []
    const serialRounds: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      parallelRounds.push(await wallMs(provider, 8))
      serialRounds.push(await wallMs(provider, 1))
    }
    const parallel = median(parallelRounds)
    const serial = median(serialRounds)
    process.stdout.write(
      `${REQUESTS} requests at ${LATENCY_MS} ms, median of ${ROUNDS}: concurrency 1 ${serial.toFixed(0)} ms, concurrency 8 ${parallel.toFixed(0)} ms\n`,
    )
    const speedup = report('eval-concurrency', serial / parallel, 'x', '>=', 6)

    const store = createFileCacheStore(dir)
    const recorder = withCache(provider, store, 'record')
    await wallMs(recorder, 8)
    const before = await stub.requestCount()
    const replayer = withCache(createOpenAIProvider({ baseUrl: stub.url }), store, 'replay')
    const replayMs = await wallMs(replayer, 8)
    const calls = replayer.stats.calls + ((await stub.requestCount()) - before)
    process.stdout.write(
      `replay of ${REQUESTS} recorded requests: ${replayer.stats.hits} hits in ${replayMs.toFixed(0)} ms\n`,
    )
    const zeroCalls = report('eval-replay-calls', calls, 'calls', '<=', 0)
    process.exitCode = speedup && zeroCalls ? 0 : 1
  } finally {
    stub.close()
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv.includes('--serve-stub')) {
  const stub = await startOpenAIStub({ latencyMs: LATENCY_MS })
  process.send?.({ url: stub.url })
  process.on('message', (msg: { count?: boolean }) => {
    if (msg.count) process.send?.({ requests: stub.requests.length })
  })
  process.on('disconnect', () => void stub.close().then(() => process.exit(0)))
} else {
  await main()
}
