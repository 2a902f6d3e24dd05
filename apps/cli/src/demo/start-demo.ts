/**
 * `canon serve --demo`: a simulated app using the registry through the SDK, so a newcomer's
 * dashboard shows a day of charts at once and live ones after. Everything it records carries
 * `canon.simulated = true`.
 * @module
 */
import { setMaxListeners } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Database } from '@canon/db'
import { createCanon, type Score } from '@canon/sdk'
import { createDemoKey } from './demo-key'
import { armCounts, formatCount, formatRate, formatSpan, printBanner } from './demo-messages'
import { availableScenarios, historyStart } from './demo-setup'
import { createDemoTelemetry } from './demo-telemetry'
import { postScores } from './post-scores'
import { demoRolloutFlags } from './rollout-flag'
import { createSampler } from './sampling'
import { AB_PROMPT, type Scenario } from './scenarios'
import { type CallOutcome, SimulatedApp } from './simulated-app'
import { backfillTimes, dailyTraffic, expectedRequests } from './traffic-shape'

const DAY_MS = 86_400_000

/** Options of `startDemo`. Tests shrink the backfill and speed up the traffic. */
export interface DemoOptions {
  /** The running registry's base URL: the SDK and the exporter reach it over HTTP. */
  registryUrl: string
  /** The registry's database, where the demo's API key is created. */
  db: Database
  /** Where progress lines go (the CLI's standard error). */
  print: (text: string) => void
  /**
   * Live requests per second at the day's busiest hour; traffic follows the daily shape
   * (`dailyTraffic`), about an eighth of this at night. 0 = no live traffic. Default 1.
   */
  rate?: number
  /**
   * Executions spread over the last 24 h before live traffic starts. Default: as many as `rate`
   * gives over that time (about 38 000 at 1/s), so the history and the live traffic line up, at
   * most 100 000 (about 20 s of work).
   */
  backfill?: number
  /** Seed of the simulated users and model. Default: the clock. */
  seed?: number
  /** Distinct simulated users. Default 5 000. */
  users?: number
  /** Spans per OTLP request, and executions per backfill chunk. Default 1 000. */
  batchSize?: number
}

/** What the demo has sent so far. */
export interface DemoStats {
  /** Executions made by the backfill, and how long it took (undefined while it runs). */
  backfilled: number
  backfillMs: number | undefined
  /** Live executions so far. */
  live: number
  /** Executions by `prompt vN` (variant in brackets when the flag chose it). */
  byVersion: Record<string, number>
  /** Requests that failed before the model was called (e.g. the registry was unreachable). */
  failedRequests: number
  spansExported: number
  /** Spans the exporter gave up on (the registry refused or did not answer). */
  spansFailed: number
  scoresSent: number
  scoresFailed: number
}

/** A demo in progress. */
export interface RunningDemo {
  /** Settles when the backfill is done (or was cut short by `stop`). */
  readonly backfilled: Promise<void>
  stats(): DemoStats
  /**
   * Stops making requests, lets in-flight ones finish (their simulated waits end at once),
   * exports every span and sends every score, then revokes the demo's key.
   */
  stop(): Promise<DemoStats>
}

/** The largest backfill `rate` alone asks for. */
const MAX_DEFAULT_BACKFILL = 100_000
/** At most this many live requests wait on the simulated model at once. */
const MAX_IN_FLIGHT = 64

/**
 * Starts the demo against a running registry that has `SummarizeSupportTicket` v1 and v2.
 * Resolves once the traffic has started; the backfill continues in the background.
 * @example
 * const demo = await startDemo({ registryUrl: registry.url, db: registry.db, print: io.err })
 * // … on SIGTERM
 * await demo.stop()
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const rate = options.rate ?? 1
  const batchSize = options.batchSize ?? 1_000
  const print = options.print
  const key = await createDemoKey(options.db)
  const telemetry = createDemoTelemetry({
    registryUrl: options.registryUrl,
    apiKey: key.key,
    batchSize,
  })
  const flags = demoRolloutFlags(AB_PROMPT)
  const warned = new Set<string>()
  const warn = (what: string, err: unknown) => {
    const message = `${what}: ${err instanceof Error ? err.message : String(err)}`
    if (warned.has(message)) return
    warned.add(message)
    print(`  demo: ${message}\n`)
  }
  const canon = createCanon<object>({
    baseUrl: options.registryUrl,
    apiKey: key.key,
    flags,
    telemetry: { tracerProvider: telemetry.tracerProvider },
    onError: (err, what) => warn(what, err),
  })
  const release = async () => {
    await telemetry.shutdown()
    await canon.close()
    await key.revoke()
  }

  let scenarios: Scenario[]
  try {
    await flags.ready(5_000)
    scenarios = await availableScenarios(canon)
  } catch (err) {
    await release().catch(() => {})
    throw err
  }

  const sampler = createSampler(options.seed ?? Date.now())
  const controller = new AbortController()
  // Every waiting request listens for the stop.
  setMaxListeners(MAX_IN_FLIGHT + 1, controller.signal)
  const pause = (ms: number) =>
    sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined)
  const app = new SimulatedApp({
    canon,
    sampler,
    scenarios,
    users: options.users ?? 5_000,
    pause,
  })

  const stats: DemoStats = {
    backfilled: 0,
    backfillMs: undefined,
    live: 0,
    byVersion: {},
    failedRequests: 0,
    spansExported: 0,
    spansFailed: 0,
    scoresSent: 0,
    scoresFailed: 0,
  }
  const count = (outcome: CallOutcome) => {
    const name = `${outcome.prompt} v${outcome.version}`
    stats.byVersion[name] = (stats.byVersion[name] ?? 0) + 1
  }
  const sendScore = async (traceId: string, score: Score) => {
    try {
      await canon.score(traceId, score)
      stats.scoresSent++
    } catch (err) {
      stats.scoresFailed++
      warn('sending feedback failed', err)
    }
  }
  const sendBackfillScores = async (outcomes: readonly CallOutcome[]) => {
    const scores = outcomes.flatMap((o) => o.scores.map((score) => ({ traceId: o.traceId, score })))
    try {
      stats.scoresSent += await postScores(options.registryUrl, key.key, scores)
    } catch (err) {
      stats.scoresFailed += scores.length
      warn('sending feedback failed', err)
    }
  }

  const now = Date.now()
  const from = await historyStart(options.registryUrl, key.key, now)
  const toBackfill =
    options.backfill === undefined
      ? Math.min(MAX_DEFAULT_BACKFILL, expectedRequests(from, now, rate))
      : Math.round((options.backfill * (now - from)) / DAY_MS)
  printBanner(print, { registryUrl: options.registryUrl, key: key.key, scenarios })
  if (from > now - DAY_MS && toBackfill > 0) {
    print(`  Continuing the simulated history from ${new Date(from).toISOString()}.\n`)
  }
  if (toBackfill > 0) {
    print(`  Backfilling ${formatCount(toBackfill)} simulated executions…\n`)
  }

  let stopping = false
  const backfilled = (async () => {
    const started = performance.now()
    const times = backfillTimes(toBackfill, from, now, sampler)
    for (let i = 0; i < times.length && !stopping; i += batchSize) {
      const outcomes: CallOutcome[] = []
      for (const at of times.slice(i, i + batchSize)) {
        try {
          const outcome = await app.call(at, false)
          outcomes.push(outcome)
          count(outcome)
          stats.backfilled++
        } catch (err) {
          stats.failedRequests++
          warn('a simulated request failed', err)
        }
      }
      // One chunk at a time: the exporter's queue never overflows, and the registry (on the
      // same two cores) ingests each batch before the next is made.
      await telemetry.flush()
      await sendBackfillScores(outcomes)
    }
    stats.backfillMs = performance.now() - started
    if (times.length > 0 && !stopping) {
      print(
        `  Backfilled ${formatCount(stats.backfilled)} simulated executions over the last ${formatSpan(now - from)} in ${(stats.backfillMs / 1000).toFixed(1)} s (${AB_PROMPT}: ${armCounts(stats.byVersion)}).\n`,
      )
    }
  })().catch((err) => warn('the backfill stopped', err))

  const inFlight = new Set<Promise<void>>()
  const liveLoop = (async () => {
    await backfilled
    if (rate <= 0 || stopping) return
    print(
      `  Live simulated traffic: about ${formatRate(rate * dailyTraffic(Date.now()))} requests/s now (${formatRate(rate)}/s at the busiest hour).\n`,
    )
    while (!stopping) {
      await pause(sampler.exponential(rate) * 1000)
      if (stopping) break
      // Thinning: arrivals at `rate`, kept with the daily shape's probability.
      if (!sampler.chance(dailyTraffic(Date.now()))) continue
      if (inFlight.size >= MAX_IN_FLIGHT) continue
      const request: Promise<void> = app
        .call(Date.now(), true)
        .then(async (outcome) => {
          count(outcome)
          stats.live++
          for (const score of outcome.scores) await sendScore(outcome.traceId, score)
        })
        .catch((err) => {
          stats.failedRequests++
          warn('a simulated request failed', err)
        })
        .finally(() => inFlight.delete(request))
      inFlight.add(request)
    }
  })()

  const snapshot = (): DemoStats => {
    const exported = telemetry.counts()
    return {
      ...stats,
      byVersion: { ...stats.byVersion },
      spansExported: exported.exported,
      spansFailed: exported.failed,
    }
  }
  let stopped: Promise<DemoStats> | undefined
  return {
    backfilled,
    stats: snapshot,
    stop() {
      stopped ??= (async () => {
        stopping = true
        controller.abort()
        await backfilled
        await liveLoop
        await Promise.all([...inFlight])
        await release()
        return snapshot()
      })()
      return stopped
    },
  }
}
