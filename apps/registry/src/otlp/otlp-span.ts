/**
 * The receiver's view of an OTLP span, the same whichever encoding it came in.
 * @module
 */

/** An attribute value: AnyValue decoded to plain JavaScript. */
export type AttributeValue =
  | string
  | number
  | boolean
  | Uint8Array
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue }

/** A span as the decoders hand it over. Ids are lower-case hex, or null when unusable. */
export interface OtlpSpan {
  traceId: string | null
  spanId: string | null
  /** Nanoseconds since the epoch as a number (sub-microsecond precision is not needed). */
  startNs: number | null
  endNs: number | null
  /** end − start in nanoseconds, computed exactly (the times themselves do not fit a double). */
  durationNs: number | null
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number
  attributes: Record<string, AttributeValue>
  /** The span's resource attributes (shared with the other spans of its resource). */
  resource: Record<string, AttributeValue>
  /** Set when the span's attributes were malformed (JSON): it is rejected with this reason. */
  problem?: string
}
