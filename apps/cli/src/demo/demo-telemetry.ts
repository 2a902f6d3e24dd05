/**
 * The demo app's OpenTelemetry pipeline, as a real app would set it up: a tracer provider with a
 * batch processor and the OTLP/HTTP exporter, pointed at the registry's own `/v1/traces`.
 * @module
 */
import type { TracerProvider } from '@opentelemetry/api'
import { type ExportResult, ExportResultCode } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base'
import { BackdatingTracerProvider } from './backdating-tracer'

/** Spans the exporter delivered, and spans it gave up on. */
export interface ExportCounts {
  exported: number
  failed: number
}

/** The demo's tracing: pass `tracerProvider` to `createCanon`. */
export interface DemoTelemetry {
  readonly tracerProvider: TracerProvider
  counts(): ExportCounts
  /** Exports every span ended so far; resolves when the registry has answered for all of them. */
  flush(): Promise<void>
  /** Flushes, then stops the exporter. */
  shutdown(): Promise<void>
}

export interface DemoTelemetryOptions {
  /** The registry, e.g. `http://127.0.0.1:4280`. */
  registryUrl: string
  /** A key with the `telemetry` scope. */
  apiKey: string
  /** Spans per OTLP request. Default 1 000. */
  batchSize?: number
  /** How long a span may wait for its batch. Default 1 s, so live charts move promptly. */
  delayMs?: number
}

/**
 * @example
 * const telemetry = createDemoTelemetry({ registryUrl: registry.url, apiKey })
 * const canon = createCanon({ baseUrl: registry.url, apiKey, telemetry: { tracerProvider: telemetry.tracerProvider } })
 */
export function createDemoTelemetry(options: DemoTelemetryOptions): DemoTelemetry {
  const counts: ExportCounts = { exported: 0, failed: 0 }
  const exporter = countingExporter(
    new OTLPTraceExporter({
      url: `${options.registryUrl}/v1/traces`,
      headers: { Authorization: `Bearer ${options.apiKey}` },
      timeoutMillis: 30_000,
    }),
    counts,
  )
  const batchSize = options.batchSize ?? 1_000
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'canon-serve-demo',
      'canon.simulated': true,
    }),
    spanProcessors: [
      new BatchSpanProcessor(exporter, {
        maxExportBatchSize: batchSize,
        // Room for a backfill chunk and live traffic while an export is in flight.
        maxQueueSize: batchSize * 16,
        scheduledDelayMillis: options.delayMs ?? 1_000,
        exportTimeoutMillis: 30_000,
      }),
    ],
  })
  return {
    tracerProvider: new BackdatingTracerProvider(provider),
    counts: () => ({ ...counts }),
    async flush() {
      await provider.forceFlush()
      // The processor does not wait for an export it started on its own (a full batch).
      await exporter.forceFlush?.()
    },
    shutdown: () => provider.shutdown(),
  }
}

function countingExporter(inner: SpanExporter, counts: ExportCounts): SpanExporter {
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      inner.export(spans, (result) => {
        if (result.code === ExportResultCode.SUCCESS) counts.exported += spans.length
        else counts.failed += spans.length
        done(result)
      })
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  }
}
