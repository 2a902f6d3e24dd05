/**
 * Test support: real OpenTelemetry spans (SDK 2.x) encoded by OpenTelemetry's own OTLP
 * serializers, so the receiver is tested against what exporters really send.
 * @module
 */
import { type Attributes, SpanStatusCode, type Tracer } from '@opentelemetry/api'
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'

/** The attributes `@canon/sdk`'s `prompt.trace` puts on a span, plus `extra`. */
export function promptAttributes(
  name: string,
  version: number,
  extra: Attributes = {},
): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.prompt.name': name,
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'canon.prompt.name': name,
    'canon.prompt.version': version,
    'canon.prompt.digest': 'sha256:0123abcd',
    'canon.prompt.label': 'production',
    'canon.prompt.fallback': 'fresh',
    'gen_ai.usage.input_tokens': 1000,
    'gen_ai.usage.output_tokens': 200,
    ...extra,
  }
}

/** One span to record: attributes, duration, error. */
export interface SpanSpec {
  name?: string
  attributes: Attributes
  durationMs?: number
  /** Start time (ms since the epoch); default now minus the duration. */
  startMs?: number
  error?: boolean
}

/** Records the spans with a real tracer and returns them as the SDK hands them to exporters. */
export function recordSpans(specs: readonly SpanSpec[], resource: Attributes = {}): ReadableSpan[] {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'canon-test', ...resource }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  })
  const tracer: Tracer = provider.getTracer('canon-test')
  for (const spec of specs) {
    const duration = spec.durationMs ?? 250
    const start = spec.startMs ?? Date.now() - duration
    const span = tracer.startSpan(spec.name ?? 'chat gpt-4o-mini', {
      attributes: spec.attributes,
      startTime: start,
    })
    if (spec.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' })
    span.end(start + duration)
  }
  return exporter.getFinishedSpans()
}

/** An OTLP/JSON ExportTraceServiceRequest, as `@opentelemetry/exporter-trace-otlp-http` sends it. */
export function otlpJson(spans: ReadableSpan[]): Uint8Array {
  return JsonTraceSerializer.serializeRequest(spans) as Uint8Array
}

/** An OTLP protobuf ExportTraceServiceRequest, as `@opentelemetry/exporter-trace-otlp-proto` sends it. */
export function otlpProto(spans: ReadableSpan[]): Uint8Array {
  return ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array
}
