/**
 * Which spans are prompt executions, and what they say (the span → execution mapping of the
 * metrics contract). Everything the ingest verb checks is checked here first, so a request
 * never fails at the database for one bad span: bad spans are rejected one by one.
 * @module
 */
import { describeTextPath, findUnsafeText, PROMPT_NAME_PATTERN } from '@canon/core'
import type { ExecutionInput } from '@canon/db'
import { estimateCost } from '@canon/eval/pricing'
import type { AttributeValue, OtlpSpan } from './otlp-span'

const MAX_INT = 2_147_483_647
/** Longest text kept from an attribute (labels, models, error types); longer is cut. */
const MAX_TEXT = 256
/** Spans must start after 2000-01-01 and at most a day ahead of this server's clock. */
const EARLIEST_NS = Date.UTC(2000, 0, 1) * 1e6
const FUTURE_SLACK_MS = 86_400_000
/** A declared cost above this per call is a bug in the sender (and would overflow sums of squares). */
const MAX_COST_USD = 1_000_000

/** Attribute names, for the `no prompt identity` message too. */
export const PROMPT_NAME_KEYS = ['canon.prompt.name', 'gen_ai.prompt.name'] as const
export const PROMPT_VERSION_KEYS = [
  'canon.prompt.version',
  'gen_ai.prompt.version',
  'langfuse.observation.prompt.version',
  'llm.prompt_template.version',
  'traceloop.prompt.version',
] as const

/** Why a span was not stored. `no-identity` spans are ordinary spans of the app. */
export type Rejection = { kind: 'no-identity' } | { kind: 'invalid'; reason: string }

export type SpanOutcome = { execution: ExecutionInput } | { rejection: Rejection }

function first(span: OtlpSpan, keys: readonly string[]): AttributeValue | undefined {
  for (const key of keys) {
    const value = span.attributes[key]
    if (value !== undefined && value !== null && value !== '') return value
  }
  return undefined
}

function text(value: AttributeValue | undefined): string | null {
  if (value === undefined || value === null) return null
  const s =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : null
  if (s === null || s === '') return null
  if (s.length <= MAX_TEXT) return s
  // Never cut a surrogate pair in half: a lone surrogate cannot be stored.
  const end = /[\uD800-\uDBFF]/.test(s.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT
  return s.slice(0, end)
}

/** A non-negative integer attribute: undefined when absent, NaN when unusable. */
function count(value: AttributeValue | undefined): number | undefined {
  if (value === undefined || value === null) return undefined
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_INT ? n : Number.NaN
}

function invalid(reason: string): SpanOutcome {
  return { rejection: { kind: 'invalid', reason } }
}

/**
 * Maps one span: an execution when it carries prompt identity (`canon.prompt.name` +
 * `canon.prompt.version`, or `gen_ai.prompt.name` with a version attribute) and usable data,
 * otherwise why not.
 *
 * @example
 * const outcome = spanToExecution(span, Date.now())
 * if ('execution' in outcome) executions.push(outcome.execution)
 */
export function spanToExecution(span: OtlpSpan, nowMs: number): SpanOutcome {
  if (span.problem) return invalid(span.problem)
  const nameValue = first(span, PROMPT_NAME_KEYS)
  const versionValue = first(span, PROMPT_VERSION_KEYS)
  if (nameValue === undefined || versionValue === undefined)
    return { rejection: { kind: 'no-identity' } }
  // NUL and lone surrogates cannot be stored; such a span is rejected, not the whole batch.
  const unsafe = findUnsafeText(span.attributes)
  if (unsafe) {
    const [key, ...inside] = unsafe.path
    const where = `attribute ${JSON.stringify(String(key))}${inside.length > 0 ? ` at ${describeTextPath('', inside)}` : ''}`
    return invalid(`${unsafe.at === 'key' ? 'the key of ' : ''}${where} ${unsafe.reason}`)
  }
  if (typeof nameValue !== 'string' || !PROMPT_NAME_PATTERN.test(nameValue)) {
    return invalid(
      `prompt name ${JSON.stringify(nameValue)} must match ${PROMPT_NAME_PATTERN.source}`,
    )
  }
  const version = count(versionValue)
  if (version === undefined || Number.isNaN(version) || version < 1) {
    return invalid(`prompt version ${JSON.stringify(versionValue)} must be an integer ≥ 1`)
  }
  if (span.traceId === null)
    return invalid('traceId must be 16 bytes (32 hex digits), not all zero')
  if (span.spanId === null) return invalid('spanId must be 8 bytes (16 hex digits), not all zero')
  const { startNs, endNs, durationNs } = span
  if (
    startNs === null ||
    endNs === null ||
    durationNs === null ||
    !Number.isFinite(startNs) ||
    !Number.isFinite(endNs) ||
    !Number.isFinite(durationNs)
  ) {
    return invalid('startTimeUnixNano and endTimeUnixNano must be integers')
  }
  if (startNs < EARLIEST_NS || startNs / 1e6 > nowMs + FUTURE_SLACK_MS) {
    return invalid(
      'startTimeUnixNano is not a plausible time (before 2000 or more than a day ahead)',
    )
  }
  if (durationNs < 0) return invalid('endTimeUnixNano is before startTimeUnixNano')

  const a = span.attributes
  const inputTokens = count(a['gen_ai.usage.input_tokens'] ?? a['gen_ai.usage.prompt_tokens'])
  const outputTokens = count(a['gen_ai.usage.output_tokens'] ?? a['gen_ai.usage.completion_tokens'])
  if (Number.isNaN(inputTokens) || Number.isNaN(outputTokens)) {
    return invalid('gen_ai.usage.input_tokens and output_tokens must be integers ≥ 0')
  }
  const cacheRead = count(a['gen_ai.usage.cache_read.input_tokens'])
  const model = text(a['gen_ai.response.model']) ?? text(a['gen_ai.request.model'])
  let costUsd: number | null = null
  const declaredCost = a['canon.cost.usd']
  if (declaredCost !== undefined && declaredCost !== null) {
    const cost = typeof declaredCost === 'string' ? Number(declaredCost) : declaredCost
    if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0 || cost > MAX_COST_USD) {
      return invalid(`canon.cost.usd must be a number from 0 to ${MAX_COST_USD}`)
    }
    costUsd = cost
  } else if (model !== null && (inputTokens !== undefined || outputTokens !== undefined)) {
    costUsd =
      estimateCost(model, inputTokens ?? 0, outputTokens ?? 0, {
        ...(cacheRead !== undefined && !Number.isNaN(cacheRead)
          ? { cacheReadTokens: cacheRead }
          : {}),
      }) ?? null
  }
  const simulated = a['canon.simulated'] ?? span.resource['canon.simulated']
  return {
    execution: {
      traceId: span.traceId,
      spanId: span.spanId,
      promptName: nameValue,
      promptVersion: version,
      variant: text(a['canon.prompt.variant']),
      label: text(a['canon.prompt.label']),
      digest: text(a['canon.prompt.digest']),
      fallback: text(a['canon.prompt.fallback']),
      model,
      provider: text(a['gen_ai.provider.name']) ?? text(a['gen_ai.system']),
      startedAtMs: startNs / 1e6,
      latencyMs: durationNs / 1e6,
      inputTokens: inputTokens ?? null,
      outputTokens: outputTokens ?? null,
      costUsd,
      isError: span.statusCode === 2,
      errorType: text(a['error.type']),
      simulated: simulated === true || simulated === 'true',
    },
  }
}
