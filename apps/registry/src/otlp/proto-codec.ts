/**
 * OTLP/HTTP protobuf: decoding `ExportTraceServiceRequest` and encoding the responses, with
 * protobufjs over the descriptor in `proto-descriptor.ts`.
 * @module
 */
import { CanonError } from '@canon/core'
import protobuf from 'protobufjs/light.js'
import type { AttributeValue, OtlpSpan } from './otlp-span'
import { OTLP_TRACE_DESCRIPTOR } from './proto-descriptor'

const root = protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR)
const ExportRequest = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
)
const ExportResponse = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
)
const RpcStatus = root.lookupType('google.rpc.Status')

interface LongLike {
  toNumber(): number
  subtract(other: LongLike | number): LongLike
  toSigned(): LongLike
}
type Int64 = number | LongLike

interface PbAnyValue {
  value?: string
  stringValue?: string
  boolValue?: boolean
  intValue?: Int64
  doubleValue?: number
  arrayValue?: { values?: PbAnyValue[] }
  kvlistValue?: { values?: PbKeyValue[] }
  bytesValue?: Uint8Array
}
interface PbKeyValue {
  key?: string
  value?: PbAnyValue
}
interface PbSpan {
  traceId?: Uint8Array
  spanId?: Uint8Array
  startTimeUnixNano?: Int64
  endTimeUnixNano?: Int64
  attributes?: PbKeyValue[]
  status?: { code?: number }
}
interface PbRequest {
  resourceSpans?: {
    resource?: { attributes?: PbKeyValue[] }
    scopeSpans?: { spans?: PbSpan[] }[]
  }[]
}

function toNumber(value: Int64 | undefined): number | null {
  if (value === undefined || value === null) return null
  return typeof value === 'number' ? value : value.toNumber()
}

/** end − start exactly (fixed64 times do not fit a double). */
function durationOf(start: Int64 | undefined, end: Int64 | undefined): number | null {
  if (start === undefined || end === undefined || start === null || end === null) return null
  if (typeof end === 'number' || typeof start === 'number') return toNumber(end)! - toNumber(start)!
  // Signed, so an end before the start comes out negative instead of wrapping around.
  return end.toSigned().subtract(start.toSigned()).toNumber()
}

function hexId(bytes: Uint8Array | undefined, length: number): string | null {
  if (!bytes || bytes.length !== length) return null
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')
  return /^0+$/.test(hex) ? null : hex
}

function anyValue(v: PbAnyValue | undefined, depth = 0): AttributeValue {
  if (!v || depth > 8) return null
  switch (v.value) {
    case 'stringValue':
      return v.stringValue ?? ''
    case 'boolValue':
      return v.boolValue ?? false
    case 'intValue':
      return toNumber(v.intValue)
    case 'doubleValue':
      return v.doubleValue ?? 0
    case 'bytesValue':
      return v.bytesValue ?? new Uint8Array()
    case 'arrayValue':
      return (v.arrayValue?.values ?? []).map((item) => anyValue(item, depth + 1))
    case 'kvlistValue':
      return keyValues(v.kvlistValue?.values, depth + 1)
    default:
      return null
  }
}

function keyValues(list: PbKeyValue[] | undefined, depth = 0): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {}
  for (const kv of list ?? []) if (kv.key) out[kv.key] = anyValue(kv.value, depth)
  return out
}

/**
 * Decodes a protobuf `ExportTraceServiceRequest` into spans. BAD_REQUEST when the bytes are not
 * one (truncated, wrong wire types).
 */
export function decodeProtobufRequest(body: Uint8Array): OtlpSpan[] {
  let request: PbRequest
  try {
    request = ExportRequest.decode(body) as unknown as PbRequest
  } catch (err) {
    throw new CanonError(
      'BAD_REQUEST',
      `the body is not a protobuf ExportTraceServiceRequest: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  const spans: OtlpSpan[] = []
  for (const rs of request.resourceSpans ?? []) {
    const resource = keyValues(rs.resource?.attributes)
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        spans.push({
          traceId: hexId(span.traceId, 16),
          spanId: hexId(span.spanId, 8),
          startNs: toNumber(span.startTimeUnixNano),
          endNs: toNumber(span.endTimeUnixNano),
          durationNs: durationOf(span.startTimeUnixNano, span.endTimeUnixNano),
          statusCode: span.status?.code ?? 0,
          attributes: keyValues(span.attributes),
          resource,
        })
      }
    }
  }
  return spans
}

/** An `ExportTraceServiceResponse`, with `partial_success` only when spans were rejected. */
export function encodeProtobufResponse(rejectedSpans: number, errorMessage: string): Uint8Array {
  const message =
    rejectedSpans > 0 || errorMessage
      ? ExportResponse.create({ partialSuccess: { rejectedSpans, errorMessage } })
      : ExportResponse.create({})
  return ExportResponse.encode(message).finish()
}

/** A `google.rpc.Status`, the body of OTLP/HTTP failures for protobuf clients. */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  return RpcStatus.encode(RpcStatus.create({ code, message })).finish()
}

/** Decodes a response (tests). */
export function decodeProtobufResponse(body: Uint8Array): {
  partialSuccess?: { rejectedSpans?: number; errorMessage?: string }
} {
  const decoded = ExportResponse.toObject(ExportResponse.decode(body), { longs: Number })
  return decoded as { partialSuccess?: { rejectedSpans?: number; errorMessage?: string } }
}

/** Decodes a `google.rpc.Status` (tests). */
export function decodeRpcStatus(body: Uint8Array): { code?: number; message?: string } {
  return RpcStatus.toObject(RpcStatus.decode(body)) as { code?: number; message?: string }
}
