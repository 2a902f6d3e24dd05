import type { TestRegistry } from './test-registry'

/** What `sendTraffic` sent, to check what the dashboard shows against. */
export interface TrafficSummary {
  /** Executions per prompt name. */
  calls: Record<string, number>
  /** Executions per variant of SummarizeSupportTicket. */
  variants: Record<string, number>
  scores: number
}

/** One model call as the SDK reports it (a GenAI span). */
export interface Execution {
  traceId: string
  spanId: string
  name: string
  version: number
  variant: string | null
  label: string | null
  startMs: number
  latencyMs: number
  inputTokens: number
  outputTokens: number
  costUsd: number
  error: boolean
  simulated: boolean
}

/** Deterministic pseudo-random numbers (mulberry32), so every run sends the same traffic. */
export function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `digits` random hex digits (trace and span ids). */
export const hex = (rand: () => number, digits: number) =>
  Array.from({ length: digits }, () => Math.floor(rand() * 16).toString(16)).join('')

const PRICE_IN = 0.15 / 1e6
const PRICE_OUT = 0.6 / 1e6

/**
 * Builds the traffic of a small app over the last 20 hours: SummarizeSupportTicket in a 75/25
 * A/B test of v1 and v2 (v2 uses about a third fewer input tokens), ClassifyTicketIntent on
 * production, and DraftSupportReply from the simulator (`canon.simulated`).
 */
function buildExecutions(now: number): Execution[] {
  const rand = random(42)
  const gauss = () => (rand() + rand() + rand() + rand() - 2) * 1.7
  const out: Execution[] = []
  const add = (
    name: string,
    count: number,
    pick: () => { version: number; variant: string | null; inMean: number; latMean: number },
    simulated = false,
  ) => {
    for (let i = 0; i < count; i++) {
      const arm = pick()
      const inputTokens = Math.max(50, Math.round(arm.inMean + gauss() * 90))
      const outputTokens = Math.max(10, Math.round(110 + gauss() * 20))
      out.push({
        traceId: hex(rand, 32),
        spanId: hex(rand, 16),
        name,
        version: arm.version,
        variant: arm.variant,
        label: arm.variant ? null : 'production',
        startMs: now - 60_000 - Math.floor(rand() * 20 * 3600_000),
        latencyMs: Math.max(120, Math.round(arm.latMean + gauss() * 180)),
        inputTokens,
        outputTokens,
        costUsd: inputTokens * PRICE_IN + outputTokens * PRICE_OUT,
        error: rand() < 0.02,
        simulated,
      })
    }
  }
  add('SummarizeSupportTicket', 800, () =>
    rand() < 0.75
      ? { version: 1, variant: 'v1', inMean: 950, latMean: 920 }
      : { version: 2, variant: 'v2', inMean: 620, latMean: 790 },
  )
  add('ClassifyTicketIntent', 150, () => ({ version: 1, variant: null, inMean: 400, latMean: 450 }))
  add(
    'DraftSupportReply',
    60,
    () => ({ version: 1, variant: null, inMean: 700, latMean: 1400 }),
    true,
  )
  return out
}

const str = (key: string, value: string) => ({ key, value: { stringValue: value } })
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } })
const dbl = (key: string, value: number) => ({ key, value: { doubleValue: value } })

/** One OTLP/HTTP JSON `ExportTraceServiceRequest` carrying `executions` as GenAI spans. */
export function otlpRequest(executions: Execution[]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'support-app')] },
        scopeSpans: [
          {
            scope: { name: '@canon/sdk' },
            spans: executions.map((e) => ({
              traceId: e.traceId,
              spanId: e.spanId,
              name: 'chat gpt-4o-mini',
              kind: 3,
              startTimeUnixNano: `${BigInt(e.startMs) * 1_000_000n}`,
              endTimeUnixNano: `${BigInt(e.startMs + e.latencyMs) * 1_000_000n}`,
              attributes: [
                str('gen_ai.operation.name', 'chat'),
                str('gen_ai.provider.name', 'openai'),
                str('gen_ai.request.model', 'gpt-4o-mini'),
                str('gen_ai.prompt.name', e.name),
                str('canon.prompt.name', e.name),
                int('canon.prompt.version', e.version),
                ...(e.variant ? [str('canon.prompt.variant', e.variant)] : []),
                ...(e.label ? [str('canon.prompt.label', e.label)] : []),
                int('gen_ai.usage.input_tokens', e.inputTokens),
                int('gen_ai.usage.output_tokens', e.outputTokens),
                dbl('canon.cost.usd', e.costUsd),
                ...(e.error ? [str('error.type', 'timeout')] : []),
                ...(e.simulated ? [{ key: 'canon.simulated', value: { boolValue: true } }] : []),
              ],
              status: e.error ? { code: 2, message: 'model call timed out' } : { code: 1 },
            })),
          },
        ],
      },
    ],
  }
}

/**
 * Sends the traffic through the registry's real `POST /v1/traces` (OTLP/HTTP JSON) and user
 * feedback and quality scores through `POST /v1/scores`, then waits until the metrics API
 * counts every execution.
 */
export async function sendTraffic(
  registry: TestRegistry,
  key: string,
  now = Date.now(),
): Promise<TrafficSummary> {
  const executions = buildExecutions(now)
  await postExecutions(registry, key, executions)

  const rand = random(7)
  const scores: { traceId: string; spanId: string; name: string; value: number }[] = []
  for (const e of executions) {
    if (e.name !== 'SummarizeSupportTicket' || e.error) continue
    if (rand() < 0.4) {
      const approve = rand() < (e.version === 2 ? 0.81 : 0.77)
      scores.push({
        traceId: e.traceId,
        spanId: e.spanId,
        name: 'user_approval',
        value: approve ? 1 : 0,
      })
    }
    if (rand() < 0.3) {
      const value = Math.min(1, Math.max(0, (e.version === 2 ? 0.9 : 0.88) + (rand() - 0.5) * 0.2))
      scores.push({ traceId: e.traceId, spanId: e.spanId, name: 'faithfulness', value })
    }
  }
  await postScores(registry, key, scores)

  const calls: Record<string, number> = {}
  const variants: Record<string, number> = {}
  for (const e of executions) {
    calls[e.name] = (calls[e.name] ?? 0) + 1
    if (e.variant) variants[e.variant] = (variants[e.variant] ?? 0) + 1
  }
  await waitForCounts(registry, calls)
  return { calls, variants, scores: scores.length }
}

/** Sends `executions` through the registry's `POST /v1/traces` (OTLP/HTTP JSON), in batches. */
export async function postExecutions(
  registry: TestRegistry,
  key: string,
  executions: Execution[],
): Promise<void> {
  for (let i = 0; i < executions.length; i += 250) {
    const res = await registry.request(
      'POST',
      '/v1/traces',
      otlpRequest(executions.slice(i, i + 250)),
      key,
    )
    if (res.status !== 200) throw new Error(`POST /v1/traces: ${res.status} ${await res.text()}`)
  }
}

/** Sends scores (feedback, quality) of sent executions through `POST /v1/scores`. */
export async function postScores(
  registry: TestRegistry,
  key: string,
  scores: { traceId: string; spanId: string; name: string; value: number }[],
): Promise<void> {
  for (let i = 0; i < scores.length; i += 100) {
    const res = await registry.request(
      'POST',
      '/v1/scores',
      { scores: scores.slice(i, i + 100) },
      key,
    )
    if (res.status !== 202) throw new Error(`POST /v1/scores: ${res.status} ${await res.text()}`)
  }
}

/** Ingest may batch its writes: poll the overview until it counts what was sent. */
export async function waitForCounts(registry: TestRegistry, calls: Record<string, number>) {
  const deadline = Date.now() + 15_000
  let last = ''
  while (Date.now() < deadline) {
    const res = await registry.request('GET', '/v1/metrics/overview?from=24h')
    if (res.ok) {
      const body = (await res.json()) as { prompts: { name: string; calls: number }[] }
      const seen = Object.fromEntries(body.prompts.map((p) => [p.name, p.calls]))
      if (Object.entries(calls).every(([name, n]) => seen[name] === n)) return
      last = JSON.stringify(seen)
    } else {
      last = `${res.status} ${await res.text()}`
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`the metrics never counted the traffic sent: ${last}`)
}
