/**
 * One OTLP export request, from bytes to stored executions and the partial-success answer.
 * @module
 */
import { type Database, type ExecutionInput, ingestExecutions } from '@canon/db'
import { decodeJsonRequest } from './json-codec'
import type { OtlpSpan } from './otlp-span'
import { decodeProtobufRequest } from './proto-codec'
import { PROMPT_NAME_KEYS, PROMPT_VERSION_KEYS, spanToExecution } from './span-to-execution'

/** The two OTLP/HTTP encodings. */
export type OtlpFormat = 'json' | 'protobuf'

/** What the receiver answers (OTLP partial success). */
export interface ReceiveResult {
  /** Spans received. */
  spans: number
  /** Executions stored (new) and already stored (a retried batch). */
  inserted: number
  duplicates: number
  /** Spans not stored: without prompt identity, or with unusable data. */
  rejectedSpans: number
  /** Empty when nothing was rejected. */
  errorMessage: string
}

/** How many example reasons an error message quotes. */
const MAX_EXAMPLES = 3

/**
 * Decodes an export request (BAD_REQUEST when it is not one: nothing is stored), maps its spans
 * and stores the executions in one transaction.
 *
 * @example
 * const result = await receiveTraces(db, bytes, 'json', Date.now())
 */
export async function receiveTraces(
  db: Database,
  body: Uint8Array,
  format: OtlpFormat,
  nowMs: number,
): Promise<ReceiveResult> {
  // An empty request is a valid, empty export.
  const spans: OtlpSpan[] =
    body.length === 0
      ? []
      : format === 'json'
        ? decodeJsonRequest(body)
        : decodeProtobufRequest(body)
  const executions: ExecutionInput[] = []
  let withoutIdentity = 0
  const invalid: string[] = []
  for (const span of spans) {
    const outcome = spanToExecution(span, nowMs)
    if ('execution' in outcome) executions.push(outcome.execution)
    else if (outcome.rejection.kind === 'no-identity') withoutIdentity += 1
    else invalid.push(`span ${span.spanId ?? '?'}: ${outcome.rejection.reason}`)
  }
  const stored =
    executions.length > 0 ? await ingestExecutions(db, executions) : { inserted: 0, duplicates: 0 }
  const rejectedSpans = withoutIdentity + invalid.length
  return {
    spans: spans.length,
    inserted: stored.inserted,
    duplicates: stored.duplicates,
    rejectedSpans,
    errorMessage: rejectedSpans === 0 ? '' : describe(spans.length, withoutIdentity, invalid),
  }
}

function describe(total: number, withoutIdentity: number, invalid: string[]): string {
  const parts: string[] = []
  if (withoutIdentity > 0) {
    parts.push(
      `${withoutIdentity} without prompt identity (${PROMPT_NAME_KEYS[0]} + ${PROMPT_VERSION_KEYS[0]}, or ${PROMPT_NAME_KEYS[1]} with a version attribute): only prompt executions are stored`,
    )
  }
  if (invalid.length > 0) {
    const examples = invalid.slice(0, MAX_EXAMPLES).join('; ')
    const more = invalid.length > MAX_EXAMPLES ? `; and ${invalid.length - MAX_EXAMPLES} more` : ''
    parts.push(`${invalid.length} with unusable data (${examples}${more})`)
  }
  return `${withoutIdentity + invalid.length} of ${total} spans rejected: ${parts.join('; ')}`
}
