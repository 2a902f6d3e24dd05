import { CanonError } from '@canon/core'
import { sql } from 'drizzle-orm'
import type { Database } from '../../database'
import { queryRows, toIso } from '../../sql'
import type { ExecutionInput } from './ingest-executions'

/** One stored execution (a span with prompt identity): what was ingested, with ISO times. */
export type Execution = Omit<ExecutionInput, 'startedAtMs'> & {
  startedAt: string
  receivedAt: string
}

/**
 * The executions of one trace, earliest first (a trace view; tests). Served by the primary
 * key's trace id prefix.
 *
 * @example
 * const [execution] = await traceExecutions(db, reply.traceId)
 */
export async function traceExecutions(db: Database, traceId: string): Promise<Execution[]> {
  const id = typeof traceId === 'string' ? traceId.toLowerCase() : ''
  if (!/^[0-9a-f]{32}$/.test(id)) {
    throw new CanonError('BAD_REQUEST', 'traceId must be 32 hex digits')
  }
  const rows = await queryRows<Record<string, unknown>>(
    db.drizzle,
    sql`select span_id, prompt_name, prompt_version, variant, label, digest, fallback, model,
          provider, started_at, latency_ms, input_tokens, output_tokens, cost_usd, is_error,
          error_type, simulated, received_at
        from executions where trace_id = ${id}::uuid
        order by started_at, span_id`,
  )
  return rows.map((r) => ({
    traceId: id,
    spanId: String(r.span_id),
    promptName: String(r.prompt_name),
    promptVersion: Number(r.prompt_version),
    variant: (r.variant as string | null) ?? null,
    label: (r.label as string | null) ?? null,
    digest: (r.digest as string | null) ?? null,
    fallback: (r.fallback as string | null) ?? null,
    model: (r.model as string | null) ?? null,
    provider: (r.provider as string | null) ?? null,
    startedAt: toIso(r.started_at as string | Date),
    latencyMs: Number(r.latency_ms),
    inputTokens: r.input_tokens == null ? null : Number(r.input_tokens),
    outputTokens: r.output_tokens == null ? null : Number(r.output_tokens),
    costUsd: r.cost_usd == null ? null : Number(r.cost_usd),
    isError: r.is_error === true,
    errorType: (r.error_type as string | null) ?? null,
    simulated: r.simulated === true,
    receivedAt: toIso(r.received_at as string | Date),
  }))
}
