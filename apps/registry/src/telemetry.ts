/**
 * The registry's tracing, through `@opentelemetry/api` only: the process that hosts the registry
 * chooses (or not) an SDK and exporter; without one every span is a no-op. Spans are namespaced
 * `canon.*`.
 * @module
 */
import { type Attributes, type Span, SpanStatusCode, trace } from '@opentelemetry/api'

/** The registry's tracer (a proxy: it follows whatever provider is registered later). */
export const tracer = trace.getTracer('@canon/registry')

/**
 * Runs `fn` inside span `name`, recording a thrown error and its status.
 * @example await withSpan('canon.publish', { 'canon.prompt.name': name }, () => publish())
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span)
    } catch (err) {
      recordError(span, err)
      throw err
    } finally {
      span.end()
    }
  })
}

/** Marks a span failed with the error's message (4xx client errors are not span errors). */
export function recordError(span: Span, err: unknown): void {
  const status = (err as { status?: unknown }).status
  if (typeof status === 'number' && status < 500) {
    span.setAttribute('canon.error.status', status)
    return
  }
  span.recordException(err instanceof Error ? err : String(err))
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: err instanceof Error ? err.message : String(err),
  })
}
