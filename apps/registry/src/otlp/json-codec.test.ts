import { isCanonError } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { decodeJsonRequest } from './json-codec'
import { spanToExecution } from './span-to-execution'

const NOW = Date.parse('2026-03-01T12:00:00Z')
const START = BigInt(NOW - 5000) * 1_000_000n

function request(span: Record<string, unknown>, resource: unknown[] = []): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ spans: [span] }] }],
    }),
  )
}

const identity = [
  { key: 'canon.prompt.name', value: { stringValue: 'summarize' } },
  { key: 'canon.prompt.version', value: { intValue: '2' } },
]

describe('OTLP/JSON spans', () => {
  it('reads hex ids, int64 strings, AnyValue kinds and resource attributes', () => {
    const [span] = decodeJsonRequest(
      request(
        {
          traceId: '5B8EFFF798038103D269B633813FC60C',
          spanId: 'EEE19B7EC3C1B174',
          startTimeUnixNano: String(START),
          endTimeUnixNano: String(START + 1_234_567n),
          status: { code: 'STATUS_CODE_ERROR' },
          attributes: [
            ...identity,
            { key: 'canon.cost.usd', value: { doubleValue: 0.5 } },
            {
              key: 'list',
              value: { arrayValue: { values: [{ boolValue: true }, { intValue: 3 }] } },
            },
            {
              key: 'map',
              value: { kvlistValue: { values: [{ key: 'a', value: { stringValue: 'b' } }] } },
            },
          ],
        },
        [{ key: 'canon.simulated', value: { boolValue: true } }],
      ),
    )
    expect(span).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      durationNs: 1_234_567,
      statusCode: 2,
      attributes: { 'canon.prompt.version': 2, list: [true, 3], map: { a: 'b' } },
      resource: { 'canon.simulated': true },
    })
    const outcome = spanToExecution(span as NonNullable<typeof span>, NOW)
    expect(outcome).toMatchObject({
      execution: {
        promptName: 'summarize',
        promptVersion: 2,
        latencyMs: 1.234567,
        startedAtMs: NOW - 5000,
        isError: true,
        costUsd: 0.5,
        simulated: true,
      },
    })
  })

  it('accepts base64 ids from older exporters', () => {
    const [span] = decodeJsonRequest(
      request({
        traceId: 'W47/95gDgQPSabYzgT/GDA==',
        spanId: '7uGbfsPBsXQ=',
        attributes: identity,
      }),
    )
    expect(span?.traceId).toBe('5b8efff798038103d269b633813fc60c')
    expect(span?.spanId).toBe('eee19b7ec3c1b174')
  })

  it('rejects a span whose attributes are not a list, or whose ids are zero or missing', () => {
    const base = {
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      startTimeUnixNano: String(START),
      endTimeUnixNano: String(START + 1000n),
    }
    const reasons = [
      { ...base, attributes: { key: 'canon.prompt.name' } },
      { ...base, traceId: '00000000000000000000000000000000', attributes: identity },
      { ...base, spanId: undefined, attributes: identity },
      {
        ...base,
        startTimeUnixNano: String(BigInt(Date.UTC(1999, 0, 1)) * 1_000_000n),
        attributes: identity,
      },
      { ...base, startTimeUnixNano: '1.5e18', attributes: identity },
    ].map((span) => {
      const [decoded] = decodeJsonRequest(request(span))
      const outcome = spanToExecution(decoded as NonNullable<typeof decoded>, NOW)
      return 'rejection' in outcome && outcome.rejection.kind === 'invalid'
        ? outcome.rejection.reason
        : 'stored'
    })
    expect(reasons).toEqual([
      'attributes must be a list of {key, value}',
      'traceId must be 16 bytes (32 hex digits), not all zero',
      'spanId must be 8 bytes (16 hex digits), not all zero',
      'startTimeUnixNano is not a plausible time (before 2000 or more than a day ahead)',
      'startTimeUnixNano and endTimeUnixNano must be integers',
    ])
  })

  it('refuses bodies that are not the OTLP shape, naming where', () => {
    for (const [body, where] of [
      ['{"resourceSpans": {}}', 'resourceSpans must be an array'],
      ['{"resourceSpans": [{"scopeSpans": "x"}]}', 'resourceSpans[0].scopeSpans must be an array'],
      [
        '{"resourceSpans": [{"resource": {"attributes": 3}}]}',
        'resourceSpans[0].resource.attributes must be a list of {key, value}',
      ],
      ['null', 'the body must be an object (ExportTraceServiceRequest)'],
    ] as const) {
      let error: unknown
      try {
        decodeJsonRequest(new TextEncoder().encode(body))
      } catch (err) {
        error = err
      }
      expect(isCanonError(error) && error.code, body).toBe('BAD_REQUEST')
      expect((error as Error).message, body).toBe(`malformed OTLP JSON: ${where}`)
    }
  })
})
