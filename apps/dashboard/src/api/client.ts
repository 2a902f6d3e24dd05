import { ApiError, errorFromResponse } from './api-error'
import type {
  AbComparison,
  LabelHistory,
  LabelMove,
  MetricsOverview,
  PromptDetail,
  PromptMetrics,
  PromptPage,
  PromptSummary,
  PromptVersion,
  VersionStatus,
  Whoami,
} from './types'

/** Time range of the metrics routes: relative (`24h`, `7d`) or ISO times. */
export interface Range {
  from: string
  to?: string
}

const enc = encodeURIComponent

/**
 * The registry API as the dashboard uses it, with the key in `Authorization`. Every failure is
 * an `ApiError` carrying the server's problem detail.
 * @example const prompts = await createApi(key).listPrompts()
 */
export function createApi(key: string, baseUrl = '') {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response
    try {
      res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
    } catch {
      throw new ApiError({
        status: 0,
        title: 'Registry unreachable',
        detail: 'The registry did not answer. Is `canon serve` still running?',
      })
    }
    if (!res.ok) throw await errorFromResponse(res)
    return (await res.json()) as T
  }
  const rangeQuery = (r: Range) => `from=${enc(r.from)}${r.to ? `&to=${enc(r.to)}` : ''}`

  return {
    whoami: () => call<Whoami>('GET', '/v1/whoami'),
    /** Every prompt, following `nextCursor` (a registry holds hundreds, not millions). */
    async listPrompts(): Promise<PromptSummary[]> {
      const all: PromptSummary[] = []
      let cursor: string | null = null
      for (let page = 0; page < 20; page++) {
        const query: string = cursor ? `&cursor=${enc(cursor)}` : ''
        const res: PromptPage = await call<PromptPage>('GET', `/v1/prompts?limit=500${query}`)
        all.push(...res.prompts)
        cursor = res.nextCursor
        if (!cursor) break
      }
      return all
    },
    getPrompt: (name: string) => call<PromptDetail>('GET', `/v1/prompts/${enc(name)}`),
    getVersion: (name: string, version: number) =>
      call<PromptVersion>('GET', `/v1/prompts/${enc(name)}/versions/${version}`),
    labelHistory: (name: string, label: string) =>
      call<LabelHistory>('GET', `/v1/prompts/${enc(name)}/labels/${enc(label)}/history`),
    moveLabel: (name: string, label: string, version: number, expected: number | null) =>
      call<LabelMove>('PUT', `/v1/prompts/${enc(name)}/labels/${enc(label)}`, {
        version,
        expected,
      }),
    setStatus: (name: string, version: number, status: VersionStatus) =>
      call<PromptVersion>('PATCH', `/v1/prompts/${enc(name)}/versions/${version}`, { status }),
    overview: (range: Range) =>
      call<MetricsOverview>('GET', `/v1/metrics/overview?${rangeQuery(range)}`),
    promptMetrics: (name: string, range: Range) =>
      call<PromptMetrics>(
        'GET',
        `/v1/metrics/prompts/${enc(name)}?${rangeQuery(range)}&bucket=auto&groupBy=version`,
      ),
    abComparison: (name: string, range: Range) =>
      call<AbComparison>('GET', `/v1/metrics/prompts/${enc(name)}/ab?${rangeQuery(range)}`),
  }
}

/** The dashboard's view of the registry API. */
export type Api = ReturnType<typeof createApi>
