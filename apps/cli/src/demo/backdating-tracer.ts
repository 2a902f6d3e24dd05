/**
 * A tracer provider that lets the demo place an execution at a chosen moment: the SDK starts and
 * ends its span as usual, and two private attributes set through `prompt.trace(fn, {
 * attributes })` say when the simulated call started and how long it took. They are removed
 * before the span is recorded, so the exported span carries only the SDK's own attributes (and
 * `canon.simulated`). Spans without them keep their real times.
 * @module
 */
import type {
  Attributes,
  Context,
  Span,
  SpanOptions,
  Tracer,
  TracerOptions,
  TracerProvider,
} from '@opentelemetry/api'

const START_MS = 'canon.demo.start_ms'
const DURATION_MS = 'canon.demo.duration_ms'

/**
 * The attributes that place a span at `startMs` (epoch ms) for `durationMs`.
 * @example prompt.trace(fn, { attributes: { ...spanTiming(Date.now() - 3_600_000, 850) } })
 */
export function spanTiming(startMs: number, durationMs: number): Attributes {
  return { [START_MS]: startMs, [DURATION_MS]: durationMs }
}

/** Wraps a provider so that spans carrying `spanTiming` get those start and end times. */
export class BackdatingTracerProvider implements TracerProvider {
  readonly #inner: TracerProvider

  constructor(inner: TracerProvider) {
    this.#inner = inner
  }

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return backdatingTracer(this.#inner.getTracer(name, version, options))
  }
}

function backdatingTracer(inner: Tracer): Tracer {
  return {
    startSpan(name: string, options: SpanOptions = {}, context?: Context): Span {
      const { [START_MS]: start, [DURATION_MS]: duration, ...attributes } = options.attributes ?? {}
      if (typeof start !== 'number' || typeof duration !== 'number') {
        return inner.startSpan(name, options, context)
      }
      // Dates, not numbers: OTel reads a number below the process's time origin as an offset
      // from performance.now(), which every backdated time is.
      const span = inner.startSpan(
        name,
        { ...options, attributes, startTime: new Date(start) },
        context,
      )
      return endingAt(span, new Date(start + duration))
    },
    startActiveSpan: inner.startActiveSpan.bind(inner),
  }
}

/** `span`, whose `end()` ends it at `end` whatever the clock says. */
function endingAt(span: Span, end: Date): Span {
  return new Proxy(span, {
    get(target, property) {
      if (property === 'end') return () => target.end(end)
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
