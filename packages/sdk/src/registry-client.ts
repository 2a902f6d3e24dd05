/**
 * The SDK's view of the registry API (SPEC §4): GET a version, a label (with `ETag`
 * revalidation), a snapshot, and POST a score. Errors are `CanonError`s that say whether the
 * registry answered (`status`) or could not be reached (`UNAVAILABLE`).
 * @module
 */
import { CanonError, type ErrorCode, isCanonError } from '@canon/core'

/** A successful read: the body (undefined on 304), the validators and the deprecation flag. */
export interface RegistryRead {
  status: 200 | 304
  body: unknown
  etag: string | undefined
  deprecated: boolean
}

export interface RegistryClientOptions {
  baseUrl: string
  apiKey?: string
  fetch: typeof fetch
  timeoutMs: number
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
}

/**
 * Answers the registry gives on purpose, which no cache or snapshot may override: unknown label
 * or version (404), retired (410), bad request, or a key that is not allowed. Everything else
 * (network errors, timeouts, 5xx, 429, garbage bodies) means "the registry is not available".
 */
export function isAuthoritative(err: unknown): boolean {
  if (!isCanonError(err)) return false
  const status = err.details?.status
  return (
    typeof status === 'number' &&
    (status === 400 || status === 401 || status === 403 || status === 404 || status === 410)
  )
}

/** HTTP access to one registry. */
export class RegistryClient {
  readonly #base: string
  readonly #headers: Record<string, string>
  readonly #fetch: typeof fetch
  readonly #timeoutMs: number

  constructor(options: RegistryClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '')
    this.#headers = { accept: 'application/json' }
    if (options.apiKey) this.#headers.authorization = `Bearer ${options.apiKey}`
    this.#fetch = options.fetch
    this.#timeoutMs = options.timeoutMs
  }

  get baseUrl(): string {
    return this.#base
  }

  /** `GET /v1/prompts/{name}/versions/{version}`. */
  version(name: string, version: number, etag?: string): Promise<RegistryRead> {
    return this.#read(`/v1/prompts/${encodeURIComponent(name)}/versions/${version}`, etag)
  }

  /** `GET /v1/prompts/{name}/labels/{label}`; `304` when `etag` still matches. */
  label(name: string, label: string, etag?: string): Promise<RegistryRead> {
    return this.#read(
      `/v1/prompts/${encodeURIComponent(name)}/labels/${encodeURIComponent(label)}`,
      etag,
    )
  }

  /** `GET /v1/snapshot?label=…`: every prompt at a label. */
  snapshot(label: string): Promise<RegistryRead> {
    return this.#read(`/v1/snapshot?label=${encodeURIComponent(label)}`)
  }

  /** `POST /v1/scores`. */
  async score(body: Record<string, unknown>): Promise<void> {
    const res = await this.#send('/v1/scores', {
      method: 'POST',
      headers: { ...this.#headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (!res.ok) throw await problem(res, 'POST /v1/scores')
    await res.body?.cancel()
  }

  async #read(path: string, etag?: string): Promise<RegistryRead> {
    const headers = etag ? { ...this.#headers, 'if-none-match': etag } : this.#headers
    const res = await this.#send(path, { headers })
    const common = {
      etag: res.headers.get('etag') ?? undefined,
      deprecated: res.headers.has('deprecation'),
    }
    if (res.status === 304) return { status: 304, body: undefined, ...common }
    if (!res.ok) throw await problem(res, `GET ${path}`)
    let body: unknown
    try {
      body = await res.json()
    } catch (err) {
      throw new CanonError(
        'UPSTREAM_FAILED',
        `GET ${path}: the registry sent a body that is not JSON`,
        {
          cause: err,
        },
      )
    }
    return { status: 200, body, ...common }
  }

  async #send(path: string, init: RequestInit): Promise<Response> {
    const url = `${this.#base}${path}`
    try {
      return await this.#fetch(url, { ...init, signal: AbortSignal.timeout(this.#timeoutMs) })
    } catch (err) {
      const reason =
        err instanceof Error && err.name === 'TimeoutError'
          ? `no answer within ${this.#timeoutMs} ms`
          : describeNetworkError(err)
      throw new CanonError(
        'UNAVAILABLE',
        `cannot reach the registry at ${this.#base} (${reason})`,
        {
          cause: err,
        },
      )
    }
  }
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const cause = err.cause as { code?: string; message?: string } | undefined
  return cause?.code ?? cause?.message ?? err.message
}

async function problem(res: Response, what: string): Promise<CanonError> {
  let detail = ''
  try {
    const text = await res.text()
    const parsed = JSON.parse(text) as { detail?: unknown; title?: unknown }
    detail = typeof parsed.detail === 'string' ? parsed.detail : String(parsed.title ?? '')
  } catch {
    // Not problem+json (a proxy's HTML page): the status says enough.
  }
  const code = STATUS_CODES[res.status] ?? (res.status >= 500 ? 'UPSTREAM_FAILED' : 'BAD_REQUEST')
  return new CanonError(code, `${what}: ${res.status}${detail ? ` ${detail}` : ''}`, {
    details: { status: res.status },
  })
}
