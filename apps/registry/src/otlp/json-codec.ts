/**
 * OTLP/HTTP JSON (the proto3 JSON mapping with OTLP's deviations: trace and span ids in hex,
 * enums as integers, 64-bit integers as decimal strings or numbers, unknown fields ignored).
 * @module
 */
import { CanonError } from '@canon/core'
import type { AttributeValue, OtlpSpan } from './otlp-span'

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function malformed(path: string, expected: string): never {
  throw new CanonError('BAD_REQUEST', `malformed OTLP JSON: ${path} must be ${expected}`)
}

/** An optional array field: absent or null is empty, anything else but an array is malformed. */
function arrayField(owner: Record<string, unknown>, key: string, path: string): unknown[] {
  const value = owner[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) malformed(path ? `${path}.${key}` : key, 'an array')
  return value
}

/** An int64: a decimal string or a number. Null when absent, NaN when not an integer. */
function int64(value: unknown): number | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number.NaN
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return Number(value)
  return Number.NaN
}

const HEX = /^[0-9a-fA-F]+$/

/** end − start, exact for decimal strings (BigInt) and numbers alike; null when unusable. */
function duration(start: unknown, end: unknown): number | null {
  try {
    const s =
      typeof start === 'string' ? BigInt(start) : typeof start === 'number' ? BigInt(start) : null
    const e = typeof end === 'string' ? BigInt(end) : typeof end === 'number' ? BigInt(end) : null
    return s === null || e === null ? null : Number(e - s)
  } catch {
    return null
  }
}

/** A hex id (OTLP/JSON), or base64 as some older exporters sent; null when unusable. */
function id(value: unknown, bytes: number): string | null {
  if (typeof value !== 'string') return null
  let hex: string | null = null
  if (value.length === bytes * 2 && HEX.test(value)) hex = value.toLowerCase()
  else if (/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    const decoded = Buffer.from(value, 'base64')
    if (decoded.length === bytes) hex = decoded.toString('hex')
  }
  return hex === null || /^0+$/.test(hex) ? null : hex
}

function anyValue(value: unknown, depth: number): AttributeValue {
  if (!isObject(value) || depth > 8) return null
  if ('stringValue' in value)
    return typeof value.stringValue === 'string' ? value.stringValue : null
  if ('boolValue' in value) return typeof value.boolValue === 'boolean' ? value.boolValue : null
  if ('intValue' in value) {
    const n = int64(value.intValue)
    return n === null || Number.isNaN(n) ? null : n
  }
  if ('doubleValue' in value) {
    const d = value.doubleValue
    if (typeof d === 'number') return d
    // proto3 JSON writes non-finite doubles as strings.
    if (d === 'NaN' || d === 'Infinity' || d === '-Infinity') return Number(d)
    return typeof d === 'string' && d.trim() !== '' && Number.isFinite(Number(d)) ? Number(d) : null
  }
  if ('arrayValue' in value) {
    const values = isObject(value.arrayValue) ? value.arrayValue.values : undefined
    return Array.isArray(values) ? values.map((v) => anyValue(v, depth + 1)) : []
  }
  if ('kvlistValue' in value) {
    const values = isObject(value.kvlistValue) ? value.kvlistValue.values : undefined
    return Array.isArray(values) ? (keyValues(values, depth + 1) ?? {}) : {}
  }
  if ('bytesValue' in value) {
    return typeof value.bytesValue === 'string' ? Buffer.from(value.bytesValue, 'base64') : null
  }
  return null
}

/** Attributes as an object; null when the list is malformed. */
function keyValues(list: unknown, depth = 0): Record<string, AttributeValue> | null {
  if (list === undefined || list === null) return {}
  if (!Array.isArray(list)) return null
  const out: Record<string, AttributeValue> = {}
  for (const kv of list) {
    if (!isObject(kv) || typeof kv.key !== 'string') return null
    out[kv.key] = anyValue(kv.value, depth)
  }
  return out
}

const STATUS_NAMES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
}

/** OTLP/JSON sends enums as integers; the proto3 names are accepted too. */
function statusCode(value: unknown): number {
  if (typeof value === 'string' && value in STATUS_NAMES) return STATUS_NAMES[value] ?? 0
  const n = int64(value)
  return n !== null && Number.isInteger(n) ? n : 0
}

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` into spans. BAD_REQUEST when the body is not
 * JSON or its structure (resourceSpans → scopeSpans → spans) is not the OTLP shape; a span
 * whose own fields are unusable is returned with `problem` set (rejected, not a 400).
 */
export function decodeJsonRequest(body: Uint8Array): OtlpSpan[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'))
  } catch (err) {
    throw new CanonError(
      'BAD_REQUEST',
      `the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  if (!isObject(parsed)) malformed('the body', 'an object (ExportTraceServiceRequest)')
  const spans: OtlpSpan[] = []
  arrayField(parsed, 'resourceSpans', '').forEach((rs, i) => {
    const rsPath = `resourceSpans[${i}]`
    if (!isObject(rs)) malformed(rsPath, 'an object')
    const resourceObject = rs.resource ?? {}
    if (!isObject(resourceObject)) malformed(`${rsPath}.resource`, 'an object')
    const resource = keyValues(resourceObject.attributes)
    if (resource === null) malformed(`${rsPath}.resource.attributes`, 'a list of {key, value}')
    arrayField(rs, 'scopeSpans', rsPath).forEach((ss, j) => {
      const ssPath = `${rsPath}.scopeSpans[${j}]`
      if (!isObject(ss)) malformed(ssPath, 'an object')
      arrayField(ss, 'spans', ssPath).forEach((span, k) => {
        if (!isObject(span)) malformed(`${ssPath}.spans[${k}]`, 'an object')
        const attributes = keyValues(span.attributes)
        const status = isObject(span.status) ? span.status : {}
        const code = statusCode(status.code)
        spans.push({
          traceId: id(span.traceId, 16),
          spanId: id(span.spanId, 8),
          startNs: int64(span.startTimeUnixNano),
          endNs: int64(span.endTimeUnixNano),
          durationNs: duration(span.startTimeUnixNano, span.endTimeUnixNano),
          statusCode: code,
          attributes: attributes ?? {},
          resource,
          ...(attributes === null ? { problem: 'attributes must be a list of {key, value}' } : {}),
        })
      })
    })
  })
  return spans
}
