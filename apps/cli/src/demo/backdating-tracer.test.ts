import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { BackdatingTracerProvider, spanTiming } from './backdating-tracer'

function setup() {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const tracer = new BackdatingTracerProvider(provider).getTracer('test')
  const millis = ([s, ns]: [number, number]) => s * 1000 + ns / 1e6
  return { exporter, tracer, millis }
}

describe('BackdatingTracerProvider', () => {
  it('places a span at the given start and duration, and drops the timing attributes', () => {
    const { exporter, tracer, millis } = setup()
    const start = Date.now() - 6 * 3_600_000
    const span = tracer.startSpan('chat gpt-4o-mini', {
      attributes: { 'canon.prompt.name': 'P', ...spanTiming(start, 850) },
    })
    span.setAttribute('gen_ai.usage.input_tokens', 600)
    span.end()
    const [recorded] = exporter.getFinishedSpans()
    expect(millis(recorded!.startTime)).toBe(start)
    expect(millis(recorded!.endTime)).toBe(start + 850)
    expect(recorded!.attributes).toEqual({
      'canon.prompt.name': 'P',
      'gen_ai.usage.input_tokens': 600,
    })
  })

  it('leaves spans without timing on the real clock', () => {
    const { exporter, tracer, millis } = setup()
    const before = Date.now()
    tracer.startSpan('plain').end()
    const [recorded] = exporter.getFinishedSpans()
    expect(millis(recorded!.startTime)).toBeGreaterThanOrEqual(before - 1)
    expect(millis(recorded!.endTime)).toBeLessThanOrEqual(Date.now() + 1)
  })
})
