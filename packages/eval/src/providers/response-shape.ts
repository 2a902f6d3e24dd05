import { CanonError } from '@canon/core'
import { snippet } from '../http/error-message'

/** The error for a 2xx body that lacks what the protocol promises. */
export function malformedResponse(provider: string, what: string, body: unknown): CanonError {
  return new CanonError(
    'UPSTREAM_FAILED',
    `${provider}: malformed response, ${what}: ${snippet(JSON.stringify(body) ?? String(body))}`,
    { details: { provider, malformed: true } },
  )
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/** A non-negative integer count, or `undefined` when absent or not a number. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}

/** A base URL in one spelling, so that cache keys do not depend on a trailing slash. */
export function normalizeBaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`
  } catch {
    throw new CanonError('CONFIG_INVALID', `baseUrl ${JSON.stringify(url)} is not a URL`)
  }
}

/** The model to call, or a clear configuration error when neither request nor config names one. */
export function requireModel(provider: string, model: string | undefined): string {
  if (model) return model
  throw new CanonError(
    'CONFIG_INVALID',
    `${provider}: no model given; set \`model.name\` in the prompt or \`model\` in the provider config`,
  )
}
