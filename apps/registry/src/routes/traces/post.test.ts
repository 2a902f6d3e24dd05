import { deflateSync, gzipSync } from 'node:zlib'
import { metricsOverview, traceExecutions } from '@canon/db'
import { estimateCost } from '@canon/eval/pricing'
import { expect, it } from 'vitest'
import { decodeProtobufResponse, decodeRpcStatus } from '../../otlp/proto-codec'
import { otlpJson, otlpProto, promptAttributes, recordSpans } from '../../otlp/test-spans'
import { describeRegistry, json, type RegistryHarness } from '../../testing/harness'

const JSON_TYPE = 'application/json'
const PROTO_TYPE = 'application/x-protobuf'

function post(
  r: RegistryHarness,
  body: Uint8Array | string,
  contentType: string,
  headers: Record<string, string> = {},
  as: 'telemetry' | 'read' | 'admin' | null = 'telemetry',
): Promise<Response> {
  return Promise.resolve(
    r.app.request('/v1/traces', {
      method: 'POST',
      headers: {
        'content-type': contentType,
        ...(as ? { authorization: `Bearer ${r.keys[as]}` } : {}),
        ...headers,
      },
      body: body as RequestInit['body'],
    }),
  )
}

/** Calls stored for a prompt in the last two days. */
async function storedCalls(r: RegistryHarness, name: string): Promise<number> {
  const now = Date.now()
  const overview = await metricsOverview(r.db, {
    from: new Date(now - 2 * 86_400_000),
    to: new Date(now + 60_000),
  })
  return overview.prompts.find((p) => p.name === name)?.calls ?? 0
}

async function protobufBody(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer())
}

describeRegistry('POST /v1/traces', (r) => {
  it('stores spans with prompt identity as executions (OTLP/JSON)', async () => {
    const spans = recordSpans([
      {
        attributes: promptAttributes('otlp_json', 3, { 'canon.prompt.variant': 'v3' }),
        durationMs: 420,
      },
      { attributes: promptAttributes('otlp_json', 2), durationMs: 95 },
    ])
    const res = await post(r, otlpJson(spans), JSON_TYPE)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await json(res)).toEqual({})

    const first = spans[0] as (typeof spans)[0]
    const [stored] = await traceExecutions(r.db, first.spanContext().traceId)
    expect(stored).toMatchObject({
      spanId: first.spanContext().spanId,
      promptName: 'otlp_json',
      promptVersion: 3,
      variant: 'v3',
      label: 'production',
      digest: 'sha256:0123abcd',
      fallback: 'fresh',
      model: 'gpt-4o-mini',
      provider: 'openai',
      inputTokens: 1000,
      outputTokens: 200,
      isError: false,
      errorType: null,
      simulated: false,
    })
    expect(stored?.latencyMs).toBeCloseTo(420, 6)
    // No canon.cost.usd on the span: priced from the table.
    expect(stored?.costUsd).toBeCloseTo(estimateCost('gpt-4o-mini', 1000, 200) as number, 15)
    expect(await storedCalls(r, 'otlp_json')).toBe(2)
  })

  it('reads protobuf and answers in protobuf', async () => {
    const spans = recordSpans(
      [
        {
          attributes: promptAttributes('otlp_proto', 1, {
            'canon.cost.usd': 0.0123,
            'error.type': 'timeout',
            'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
          }),
          error: true,
        },
      ],
      { 'canon.simulated': true },
    )
    const res = await post(r, otlpProto(spans), PROTO_TYPE)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(PROTO_TYPE)
    expect(decodeProtobufResponse(await protobufBody(res))).toEqual({})
    const [stored] = await traceExecutions(
      r.db,
      (spans[0] as (typeof spans)[0]).spanContext().traceId,
    )
    expect(stored).toMatchObject({
      promptName: 'otlp_proto',
      costUsd: 0.0123,
      isError: true,
      errorType: 'timeout',
      model: 'gpt-4o-mini-2024-07-18',
      simulated: true,
    })
  })

  it('reports spans without prompt identity or with bad data as partial success', async () => {
    const spans = recordSpans([
      { attributes: promptAttributes('otlp_partial', 1) },
      { name: 'GET /health', attributes: { 'http.request.method': 'GET' } },
      { attributes: promptAttributes('otlp_partial', 1, { 'canon.prompt.version': 'two' }) },
      { attributes: promptAttributes('otlp_partial', 1, { 'gen_ai.usage.input_tokens': -5 }) },
    ])
    const res = await post(r, otlpJson(spans), JSON_TYPE)
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.partialSuccess.rejectedSpans).toBe('3')
    expect(body.partialSuccess.errorMessage).toMatch(
      /^3 of 4 spans rejected: 1 without prompt identity .*; 2 with unusable data \(span [0-9a-f]{16}: prompt version "two" must be an integer ≥ 1; span [0-9a-f]{16}: gen_ai.usage.input_tokens/,
    )
    expect(await storedCalls(r, 'otlp_partial')).toBe(1)

    const proto = await post(r, otlpProto(recordSpans([{ attributes: { a: 1 } }])), PROTO_TYPE)
    expect(decodeProtobufResponse(await protobufBody(proto)).partialSuccess).toEqual({
      rejectedSpans: 1,
      errorMessage: expect.stringMatching(/^1 of 1 spans rejected: 1 without prompt identity/),
    })
  })

  it('rejects spans that end before they start or carry no usable times', async () => {
    const request = JSON.parse(
      new TextDecoder().decode(
        otlpJson(
          recordSpans([
            { attributes: promptAttributes('otlp_times', 1) },
            { attributes: promptAttributes('otlp_times', 1) },
            { attributes: promptAttributes('otlp_times', 1) },
          ]),
        ),
      ),
    )
    const [backwards, missing, ok] = request.resourceSpans[0].scopeSpans[0].spans
    backwards.endTimeUnixNano = String(BigInt(backwards.startTimeUnixNano) - 1000n)
    delete missing.startTimeUnixNano
    // int64 may also come as a JSON number.
    ok.startTimeUnixNano = Number(ok.startTimeUnixNano)
    const body = await json(await post(r, JSON.stringify(request), JSON_TYPE))
    expect(body.partialSuccess.rejectedSpans).toBe('2')
    expect(body.partialSuccess.errorMessage).toMatch(/endTimeUnixNano is before startTimeUnixNano/)
    expect(body.partialSuccess.errorMessage).toMatch(/must be integers/)
    expect(await storedCalls(r, 'otlp_times')).toBe(1)
  })

  it('takes gen_ai.prompt.name with a version attribute, and legacy GenAI names', async () => {
    const spans = recordSpans([
      {
        attributes: {
          'gen_ai.prompt.name': 'otlp_genai',
          'langfuse.observation.prompt.version': 4,
          'gen_ai.system': 'anthropic',
          'gen_ai.request.model': 'claude-3-5-haiku',
          'gen_ai.usage.prompt_tokens': 10,
          'gen_ai.usage.completion_tokens': 5,
        },
      },
    ])
    expect((await post(r, otlpJson(spans), JSON_TYPE)).status).toBe(200)
    const [stored] = await traceExecutions(
      r.db,
      (spans[0] as (typeof spans)[0]).spanContext().traceId,
    )
    expect(stored).toMatchObject({
      promptName: 'otlp_genai',
      promptVersion: 4,
      provider: 'anthropic',
      inputTokens: 10,
      outputTokens: 5,
    })
  })

  it('counts a retried export once', async () => {
    const body = otlpJson(
      recordSpans(
        Array.from({ length: 5 }, () => ({ attributes: promptAttributes('otlp_retry', 1) })),
      ),
    )
    for (let i = 0; i < 3; i++) expect((await post(r, body, JSON_TYPE)).status).toBe(200)
    expect(await storedCalls(r, 'otlp_retry')).toBe(5)
  })

  it('inflates gzip and deflate bodies', async () => {
    const spans = recordSpans([{ attributes: promptAttributes('otlp_gzip', 1) }])
    const gz = await post(r, gzipSync(otlpJson(spans)), JSON_TYPE, { 'content-encoding': 'gzip' })
    expect(gz.status).toBe(200)
    const more = recordSpans([{ attributes: promptAttributes('otlp_gzip', 1) }])
    const deflated = await post(r, deflateSync(otlpProto(more)), PROTO_TYPE, {
      'content-encoding': 'deflate',
    })
    expect(deflated.status).toBe(200)
    expect(await storedCalls(r, 'otlp_gzip')).toBe(2)
  })

  it('answers 200 to an empty export', async () => {
    expect(await json(await post(r, '', JSON_TYPE))).toEqual({})
    expect(await json(await post(r, '{}', JSON_TYPE))).toEqual({})
    const proto = await post(r, new Uint8Array(), PROTO_TYPE)
    expect(proto.status).toBe(200)
  })

  it('answers 400 to malformed or truncated bodies and stores nothing', async () => {
    const good = promptAttributes('otlp_malformed', 1)
    const validJson = new TextDecoder().decode(otlpJson(recordSpans([{ attributes: good }])))
    const validProto = otlpProto(recordSpans([{ attributes: good }, { attributes: good }]))
    const cases: [string, Uint8Array | string, string, Record<string, string>?][] = [
      ['not JSON', 'hello', JSON_TYPE],
      ['truncated JSON', validJson.slice(0, validJson.length - 40), JSON_TYPE],
      ['an array', '[1, 2]', JSON_TYPE],
      ['resourceSpans not a list', '{"resourceSpans": 5}', JSON_TYPE],
      // A valid resource followed by a malformed one: the valid spans are not stored either.
      [
        'a bad resource after a good one',
        `{"resourceSpans": [${validJson.slice('{"resourceSpans":['.length, -2)}, 7]}`,
        JSON_TYPE,
      ],
      [
        'a span that is not an object',
        '{"resourceSpans":[{"scopeSpans":[{"spans":[1]}]}]}',
        JSON_TYPE,
      ],
      ['truncated protobuf', validProto.slice(0, Math.floor(validProto.length * 0.7)), PROTO_TYPE],
      ['garbage protobuf', new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), PROTO_TYPE],
      [
        'corrupt gzip',
        new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4]),
        JSON_TYPE,
        { 'content-encoding': 'gzip' },
      ],
      [
        'truncated gzip',
        gzipSync(validJson).subarray(0, 30),
        JSON_TYPE,
        { 'content-encoding': 'gzip' },
      ],
    ]
    for (const [what, body, type, headers] of cases) {
      const res = await post(r, body, type, headers)
      expect(res.status, what).toBe(400)
      if (type === PROTO_TYPE) {
        expect(res.headers.get('content-type'), what).toBe(PROTO_TYPE)
        expect(decodeRpcStatus(await protobufBody(res)), what).toMatchObject({ code: 3 })
      } else {
        expect(res.headers.get('content-type'), what).toBe('application/problem+json')
        expect((await json(res)).detail, what).toMatch(/JSON|decompressed/)
      }
    }
    expect(await storedCalls(r, 'otlp_malformed')).toBe(0)
  })

  it('answers 413 to bodies over the limit, before or after decompression', async () => {
    const good = otlpJson(recordSpans([{ attributes: promptAttributes('otlp_large', 1) }]))
    // A gzip bomb: 64 MiB of JSON whitespace padding in a ~64 KiB body.
    const padding = Buffer.alloc(64 << 20, 0x20)
    const bomb = gzipSync(Buffer.concat([Buffer.from(good), padding]), { level: 9 })
    expect(bomb.length).toBeLessThan(1 << 20)
    const res = await post(r, bomb, JSON_TYPE, { 'content-encoding': 'gzip' })
    expect(res.status).toBe(413)
    expect((await json(res)).detail).toMatch(/decompressed request body is larger than the limit/)

    const protoBomb = await post(r, bomb, PROTO_TYPE, { 'content-encoding': 'gzip' })
    expect(protoBomb.status).toBe(413)
    expect(decodeRpcStatus(await protobufBody(protoBomb))).toMatchObject({ code: 8 })

    const oversized = await post(
      r,
      Buffer.concat([Buffer.from(good), Buffer.alloc(17 << 20, 0x20)]),
      JSON_TYPE,
    )
    expect(oversized.status).toBe(413)
    expect(await storedCalls(r, 'otlp_large')).toBe(0)
  })

  it('answers 415 to other content types and encodings', async () => {
    const body = otlpJson(recordSpans([{ attributes: promptAttributes('otlp_415', 1) }]))
    expect((await post(r, body, 'text/plain')).status).toBe(415)
    expect((await post(r, body, 'application/grpc')).status).toBe(415)
    const brotli = await post(r, body, JSON_TYPE, { 'content-encoding': 'br' })
    expect(brotli.status).toBe(415)
    expect((await json(brotli)).detail).toMatch(/Content-Encoding/)
    expect(await storedCalls(r, 'otlp_415')).toBe(0)
  })

  it('needs a key with the telemetry scope', async () => {
    const body = otlpProto(recordSpans([{ attributes: promptAttributes('otlp_auth', 1) }]))
    const anonymous = await post(r, body, PROTO_TYPE, {}, null)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(decodeRpcStatus(await protobufBody(anonymous))).toMatchObject({ code: 16 })
    const reader = await post(r, body, JSON_TYPE, {}, 'read')
    expect(reader.status).toBe(403)
    expect((await json(reader)).detail).toMatch(/telemetry/)
    expect(await storedCalls(r, 'otlp_auth')).toBe(0)
    expect((await post(r, body, PROTO_TYPE, {}, 'admin')).status).toBe(200)
    expect(await storedCalls(r, 'otlp_auth')).toBe(1)
  })
})
