/**
 * An error answer of the registry (problem+json), or a failure to reach it (`status` 0).
 * `detail` is what the dashboard shows the user.
 */
export class ApiError extends Error {
  readonly status: number
  readonly title: string
  readonly detail: string
  readonly type: string | undefined
  readonly requestId: string | undefined

  constructor(init: {
    status: number
    title: string
    detail: string
    type?: string
    requestId?: string
  }) {
    super(`${init.status} ${init.title}: ${init.detail}`)
    this.name = 'ApiError'
    this.status = init.status
    this.title = init.title
    this.detail = init.detail
    this.type = init.type
    this.requestId = init.requestId
  }
}

/** Reads a failed response as an `ApiError`, whether or not it carries problem+json. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '')
  let body: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>
  } catch {
    // Not JSON (a proxy's HTML page, say): the status line is all there is.
  }
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined)
  const type = str(body.type)
  const requestId = str(body.requestId)
  return new ApiError({
    status: res.status,
    title: str(body.title) ?? (res.statusText || `HTTP ${res.status}`),
    detail:
      str(body.detail) ?? (text.length > 0 && text.length < 300 ? text : `HTTP ${res.status}`),
    ...(type ? { type } : {}),
    ...(requestId ? { requestId } : {}),
  })
}
