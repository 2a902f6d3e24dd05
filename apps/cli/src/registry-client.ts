import { CanonError, type ErrorCode, type PromptDefinition } from '@canon/core'
import type { ClientConfig } from './config'

/** A published version as the registry returns it (`GET /v1/prompts/{name}/versions/{v}`). */
export interface VersionResponse {
  name: string
  version: number
  digest: string
  status: 'active' | 'deprecated' | 'retired'
  kind: 'text' | 'chat'
  definition: PromptDefinition
  publishedAt: string
  publishedBy?: string | null
  sourceCommit?: string | null
  sourcePath?: string | null
  evalSummary?: unknown
  label?: string
}

export interface ProblemDetails {
  type?: string
  title?: string
  status: number
  detail?: string
  requestId?: string
  [key: string]: unknown
}

export interface RegistryResponse<T> {
  status: number
  body: T
  headers: Headers
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'GONE',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'VALIDATION_FAILED',
}

/**
 * The CLI's view of the registry API. Errors come back as CanonError carrying the problem+json
 * detail, so commands print what the server said.
 */
export class RegistryClient {
  constructor(
    private readonly config: ClientConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get url(): string {
    return this.config.registryUrl
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    accept: number[] = [],
  ): Promise<RegistryResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.config.apiKey) headers.authorization = `Bearer ${this.config.apiKey}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    let res: Response
    try {
      res = await this.fetchImpl(`${this.config.registryUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (err) {
      throw new CanonError(
        'UNAVAILABLE',
        `cannot reach the registry at ${this.config.registryUrl} (${(err as Error).cause ?? (err as Error).message}); is \`canon serve\` running, or CANON_REGISTRY_URL set?`,
      )
    }
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = text
    }
    if (res.ok || accept.includes(res.status)) {
      return { status: res.status, body: parsed as T, headers: res.headers }
    }
    const problem = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as ProblemDetails
    const detail = problem.detail ?? problem.title ?? `${res.status} ${res.statusText}`
    const hint =
      res.status === 401
        ? ' (set CANON_API_KEY to a key with the right scope)'
        : res.status === 403
          ? ' (the API key lacks the scope this needs)'
          : ''
    throw new CanonError(STATUS_CODES[res.status] ?? 'UPSTREAM_FAILED', `${detail}${hint}`, {
      details: { status: res.status, problem },
    })
  }

  getVersion(name: string, version: number): Promise<RegistryResponse<VersionResponse>> {
    return this.request('GET', `/v1/prompts/${encodeURIComponent(name)}/versions/${version}`)
  }

  getLabel(name: string, label: string): Promise<RegistryResponse<VersionResponse>> {
    return this.request(
      'GET',
      `/v1/prompts/${encodeURIComponent(name)}/labels/${encodeURIComponent(label)}`,
    )
  }
}

/** Parses `name`, `name:3` or `name@production`. */
export function parsePromptRef(ref: string): { name: string; version?: number; label?: string } {
  const at = ref.lastIndexOf('@')
  if (at > 0) return { name: ref.slice(0, at), label: ref.slice(at + 1) }
  const colon = ref.lastIndexOf(':')
  if (colon > 0) {
    const version = Number(ref.slice(colon + 1))
    if (!Number.isInteger(version) || version < 1) {
      throw new CanonError(
        'BAD_REQUEST',
        `\`${ref}\`: the version after \`:\` must be an integer ≥ 1`,
      )
    }
    return { name: ref.slice(0, colon), version }
  }
  return { name: ref }
}
