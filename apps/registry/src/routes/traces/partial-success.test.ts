import { traceExecutions } from '@canon/db'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { expect, it } from 'vitest'
import { decodeProtobufResponse, decodeRpcStatus } from '../../otlp/proto-codec'
import { otlpJson, otlpProto, promptAttributes, recordSpans } from '../../otlp/test-spans'
import { describeRegistry, json, type RegistryHarness } from '../../testing/harness'

function post(r: RegistryHarness, body: Uint8Array | string, contentType: string) {
  return Promise.resolve(
    r.app.request('/v1/traces', {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${r.keys.telemetry}` },
      body: body as RequestInit['body'],
    }),
  )
}

/** Spans a real SDK records: each bad one next to good ones, in one batch. */
const BAD_ATTRIBUTES: [string, Record<string, string>][] = [
  ['a NUL in a stored attribute', { 'canon.prompt.label': 'prod\u0000uction' }],
  ['a NUL in any attribute', { 'gen_ai.prompt': 'Summarize\u0000' }],
  ['a lone high surrogate', { 'canon.prompt.variant': 'v\uD800' }],
  ['a lone low surrogate', { 'error.type': '\uDC00' }],
  ['a NUL in an attribute key', { 'app.\u0000key': 'x' }],
]

async function storedSpanIds(r: RegistryHarness, spans: ReadableSpan[]): Promise<Set<string>> {
  const ids = new Set<string>()
  for (const traceId of new Set(spans.map((s) => s.spanContext().traceId))) {
    for (const e of await traceExecutions(r.db, traceId)) ids.add(e.spanId)
  }
  return ids
}

function batch(name: string) {
  const specs = [
    { attributes: promptAttributes(name, 1) },
    ...BAD_ATTRIBUTES.map(([, extra]) => ({ attributes: promptAttributes(name, 1, extra) })),
    // Implausible times: before 2000.
    { attributes: promptAttributes(name, 1), startMs: Date.UTC(1990, 0, 1) },
    { attributes: promptAttributes(name, 2) },
  ]
  const spans = recordSpans(specs)
  const good = [spans[0], spans[spans.length - 1]].map((s) => s?.spanContext().spanId)
  return { spans, good: new Set(good), rejected: spans.length - 2 }
}

describeRegistry('POST /v1/traces: one bad span never costs the batch', (r) => {
  it('OTLP/JSON: good spans are stored, each bad one is counted in partialSuccess', async () => {
    const { spans, good, rejected } = batch('partial_json')
    const res = await post(r, otlpJson(spans), 'application/json')
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.partialSuccess.rejectedSpans).toBe(String(rejected))
    expect(body.partialSuccess.errorMessage).toMatch(
      new RegExp(`^${rejected} of ${spans.length} spans rejected: ${rejected} with unusable data`),
    )
    expect(body.partialSuccess.errorMessage).toContain(
      'attribute "canon.prompt.label" contains a NUL character (U+0000) at offset 4',
    )
    expect(await storedSpanIds(r, spans)).toEqual(good)
  })

  it('OTLP protobuf: the same partial success', async () => {
    const { spans, good, rejected } = batch('partial_proto')
    const res = await post(r, otlpProto(spans), 'application/x-protobuf')
    expect(res.status).toBe(200)
    const answer = decodeProtobufResponse(new Uint8Array(await res.arrayBuffer()))
    // The SDK's protobuf encoder already replaced the two lone surrogates with U+FFFD.
    expect(answer.partialSuccess?.rejectedSpans).toBe(rejected - 2)
    expect(answer.partialSuccess?.errorMessage).toMatch(/"gen_ai.prompt" contains a NUL/)
    const stored = await storedSpanIds(r, spans)
    for (const id of good) expect(stored.has(id as string)).toBe(true)
    expect(stored.size).toBe(4)
  })

  it('protobuf strings that are not UTF-8 (a CESU-8 surrogate, ED A0 80) make a malformed request: 400', async () => {
    // Lone surrogates cannot be spelled in UTF-8: protobuf's `string` must be UTF-8, so such
    // bytes are a broken message (as in every conforming decoder), not one bad span.
    const spans = recordSpans([
      { attributes: promptAttributes('partial_cesu', 1, { 'canon.prompt.variant': 'v\uFFFD' }) },
      { attributes: promptAttributes('partial_cesu', 1) },
    ])
    const bytes = otlpProto(spans)
    const at = Buffer.from(bytes).indexOf(Buffer.from('\uFFFD', 'utf8'))
    expect(at).toBeGreaterThan(0)
    bytes.set([0xed, 0xa0, 0x80], at)
    const res = await post(r, bytes, 'application/x-protobuf')
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/x-protobuf')
    const status = decodeRpcStatus(new Uint8Array(await res.arrayBuffer()))
    expect(status).toEqual({
      code: 3,
      message: expect.stringMatching(/not valid for encoding utf-8/),
    })
    expect(await storedSpanIds(r, spans)).toEqual(new Set())
  })

  it('raw OTLP/JSON: bad ids, times, costs and text each reject only their span', async () => {
    const now = BigInt(Date.now()) * 1_000_000n
    const attrs = (extra: Record<string, unknown>[] = []) => [
      { key: 'canon.prompt.name', value: { stringValue: 'partial_raw' } },
      { key: 'canon.prompt.version', value: { intValue: '1' } },
      ...extra,
    ]
    let n = 0
    const span = (overrides: Record<string, unknown> = {}) => {
      n += 1
      return {
        traceId: `${'a'.repeat(30)}${String(n).padStart(2, '0')}`,
        spanId: `${'b'.repeat(14)}${String(n).padStart(2, '0')}`,
        name: 'chat',
        startTimeUnixNano: String(now - 5_000_000n),
        endTimeUnixNano: String(now),
        attributes: attrs(),
        ...overrides,
      }
    }
    const longLabel = `${'l'.repeat(255)}😀tail`
    const spans = [
      span(),
      span({ traceId: 'not-hex' }),
      span({ spanId: '0000000000000000' }),
      span({ startTimeUnixNano: '1', endTimeUnixNano: '2' }),
      span({ startTimeUnixNano: '99999999999999999999', endTimeUnixNano: '99999999999999999999' }),
      span({ attributes: attrs([{ key: 'canon.cost.usd', value: { doubleValue: 1e300 } }]) }),
      span({ attributes: attrs([{ key: 'x', value: { stringValue: 'a\u0000' } }]) }),
      span({
        attributes: attrs([
          {
            key: 'nested',
            value: { kvlistValue: { values: [{ key: '\uDFFF', value: { boolValue: true } }] } },
          },
        ]),
      }),
      span({
        attributes: attrs([
          { key: 'arr', value: { arrayValue: { values: [{ stringValue: '\uD83D' }] } } },
        ]),
      }),
      // Cut at 256 characters, never inside the emoji's surrogate pair: stored.
      span({
        attributes: attrs([{ key: 'canon.prompt.label', value: { stringValue: longLabel } }]),
      }),
    ]
    const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })
    const res = await post(r, body, 'application/json')
    expect(res.status).toBe(200)
    const answer = await json(res)
    expect(answer.partialSuccess.rejectedSpans).toBe('8')
    const stored = [
      ...(await traceExecutions(r.db, spans[0]?.traceId as string)),
      ...(await traceExecutions(r.db, spans[9]?.traceId as string)),
    ]
    expect(stored.map((e) => e.spanId)).toEqual([spans[0]?.spanId, spans[9]?.spanId])
    expect(stored[1]?.label).toBe('l'.repeat(255))
  })
})
