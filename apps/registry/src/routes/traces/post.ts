import { CanonError } from '@canon/core'
import { createRoute } from '@hono/zod-openapi'
import { requireScope } from '../../http/auth'
import { limitBody } from '../../http/body-limit'
import { isProtobufContentType, otlpErrorBodies } from '../../otlp/otlp-errors'
import { encodeProtobufResponse } from '../../otlp/proto-codec'
import { decodeBody, parseContentEncoding } from '../../otlp/read-body'
import { type OtlpFormat, receiveTraces } from '../../otlp/receive-traces'
import { withSpan } from '../../telemetry'
import type { RegistryApp, RouteDeps } from '../deps'
import { bearer, problems } from '../responses'

/** Default largest OTLP body, after decompression (the OTLP spec suggests up to 64 MiB). */
export const DEFAULT_OTLP_BODY_LIMIT = 16 << 20

/** The OTLP/HTTP traces path. */
export const TRACES_PATH = '/v1/traces'

export interface TracesRouteOptions {
  /** Largest body accepted, compressed or not, and after decompression; larger is 413. */
  maxBodyBytes: number
}

function formatOf(contentType: string | undefined): OtlpFormat {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase()
  if (type === 'application/json') return 'json'
  if (isProtobufContentType(contentType)) return 'protobuf'
  throw new CanonError(
    'UNSUPPORTED_MEDIA_TYPE',
    `unsupported Content-Type ${JSON.stringify(contentType ?? '')}: OTLP/HTTP is application/json or application/x-protobuf`,
  )
}

const exportRequestSchema = {
  type: 'object' as const,
  description:
    'An OTLP `ExportTraceServiceRequest` in the OTLP/JSON encoding (hex trace and span ids, int64 as strings). See https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding',
  properties: { resourceSpans: { type: 'array' as const, items: { type: 'object' as const } } },
}

const exportResponseSchema = {
  type: 'object' as const,
  description:
    'An `ExportTraceServiceResponse`: empty on full success; `partialSuccess` when spans were rejected (spans without prompt identity, or with unusable data). Clients must not retry it.',
  properties: {
    partialSuccess: {
      type: 'object' as const,
      properties: {
        rejectedSpans: { type: 'string' as const, description: 'int64, as a decimal string.' },
        errorMessage: { type: 'string' as const },
      },
    },
  },
}

const binary = { type: 'string' as const, format: 'binary' }

/**
 * `POST /v1/traces`: the OTLP/HTTP trace receiver (SPEC §6). JSON and protobuf, gzip or deflate,
 * size limit applied after decompression, answers in the request's content type, partial
 * success for spans that are not prompt executions.
 */
export function registerPostTraces(
  app: RegistryApp,
  deps: Pick<RouteDeps, 'db' | 'keys'>,
  options: TracesRouteOptions,
): void {
  const limit = options.maxBodyBytes
  const route = createRoute({
    method: 'post',
    path: TRACES_PATH,
    operationId: 'exportTraces',
    tags: ['telemetry'],
    summary: 'Receive OTLP traces',
    description: `An OTLP/HTTP receiver: point \`OTEL_EXPORTER_OTLP_ENDPOINT\` (or \`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT\`) at the registry, with the key in \`OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer <key>\`. Spans with prompt identity (\`canon.prompt.name\` + \`canon.prompt.version\`, or \`gen_ai.prompt.name\` with a version attribute) become executions; other spans are counted in \`partialSuccess.rejectedSpans\`. \`Content-Encoding: gzip\` or \`deflate\` is accepted; bodies larger than ${limit} bytes, before or after decompression, are \`413\`. A body that cannot be decoded is \`400\` and nothing is stored. Protobuf clients get protobuf answers (\`google.rpc.Status\` on failure).`,
    security: bearer,
    middleware: [
      otlpErrorBodies(),
      requireScope(deps.keys, 'telemetry'),
      limitBody({ maxBytes: limit }),
    ] as const,
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: exportRequestSchema },
          'application/x-protobuf': { schema: binary },
        },
      },
    },
    responses: {
      200: {
        description: 'Accepted (fully, or partially: see `partialSuccess`).',
        content: {
          'application/json': { schema: exportResponseSchema },
          'application/x-protobuf': { schema: binary },
        },
      },
      ...problems(400, 401, 403, 413, 415),
    },
  })

  app.openapi(route, async (c) => {
    const format = formatOf(c.req.header('content-type'))
    const encoding = parseContentEncoding(c.req.header('content-encoding'))
    const raw = new Uint8Array(await c.req.arrayBuffer())
    const body = await decodeBody(raw, encoding, limit)
    const result = await withSpan(
      'canon.otlp.receive',
      { 'canon.otlp.format': format, 'canon.otlp.bytes': body.length },
      async (span) => {
        const received = await receiveTraces(deps.db, body, format, Date.now())
        span.setAttributes({
          'canon.otlp.spans': received.spans,
          'canon.otlp.inserted': received.inserted,
          'canon.otlp.rejected': received.rejectedSpans,
        })
        return received
      },
    )
    if (format === 'protobuf') {
      const bytes = encodeProtobufResponse(result.rejectedSpans, result.errorMessage)
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/x-protobuf',
      })
    }
    const partial =
      result.rejectedSpans > 0
        ? {
            partialSuccess: {
              rejectedSpans: String(result.rejectedSpans),
              errorMessage: result.errorMessage,
            },
          }
        : {}
    return c.json(partial, 200)
  })
}
