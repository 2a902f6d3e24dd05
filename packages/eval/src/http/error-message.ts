/** What a provider said went wrong, read from any of the common error body shapes. */
export interface ProviderErrorInfo {
  message: string
  /** `invalid_request_error`, `rate_limit_error`, `authentication_error`, … when given. */
  type?: string
}

const SNIPPET = 300

/** The first part of a body for an error line, on one line. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}…` : flat
}

/**
 * Reads OpenAI `{error:{message,type}}`, Anthropic `{type:'error', error:{type,message}}`,
 * vLLM `{object:'error', message}`, Ollama `{error:'…'}`, or falls back to the body text.
 * @example extractErrorMessage('{"error":{"message":"Invalid API key"}}').message // 'Invalid API key'
 */
export function extractErrorMessage(body: string): ProviderErrorInfo {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return { message: body.trim() === '' ? '(empty body)' : snippet(body) }
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const obj = parsed as Record<string, unknown>
    const error = obj.error
    if (typeof error === 'string') return { message: error }
    if (typeof error === 'object' && error !== null) {
      const e = error as Record<string, unknown>
      const type = typeof e.type === 'string' ? e.type : undefined
      if (typeof e.message === 'string')
        return type ? { message: e.message, type } : { message: e.message }
    }
    if (typeof obj.message === 'string') return { message: obj.message }
    if (typeof obj.detail === 'string') return { message: obj.detail }
  }
  return { message: snippet(body) }
}
