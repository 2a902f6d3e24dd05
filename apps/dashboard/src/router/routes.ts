/**
 * The dashboard's URLs (history routing; the registry answers every client route with
 * index.html, so deep links work). Parsing and building live together so they stay in step.
 * @module
 */

/** Time ranges offered on metrics pages (the metrics API's relative `from`). */
export const RANGES = ['1h', '24h', '7d', '30d'] as const
export type RangeId = (typeof RANGES)[number]

export type Route =
  | { page: 'prompts'; q: string; tag: string }
  | { page: 'prompt'; name: string }
  | { page: 'metrics'; name: string; range: RangeId }
  | { page: 'compare'; name: string; from?: number; to?: number; view: 'unified' | 'split' }
  | { page: 'ab'; name: string; range: RangeId }
  | { page: 'not-found'; path: string }

function rangeOf(value: string | null, fallback: RangeId): RangeId {
  return (RANGES as readonly string[]).includes(value ?? '') ? (value as RangeId) : fallback
}

function versionOf(value: string | null): number | undefined {
  return value && /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : undefined
}

/** `/prompts/Foo/compare?from=1&to=2` → `{ page: 'compare', name: 'Foo', from: 1, to: 2 }`. */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search)
  const path = pathname.replace(/\/+$/, '') || '/'
  if (path === '/' || path === '/prompts') {
    return { page: 'prompts', q: query.get('q') ?? '', tag: query.get('tag') ?? '' }
  }
  const match = /^\/prompts\/([^/]+)(?:\/(metrics|compare|ab))?$/.exec(path)
  if (!match?.[1]) return { page: 'not-found', path: pathname }
  let name: string
  try {
    name = decodeURIComponent(match[1])
  } catch {
    return { page: 'not-found', path: pathname }
  }
  switch (match[2]) {
    case 'metrics':
      return { page: 'metrics', name, range: rangeOf(query.get('range'), '24h') }
    case 'ab':
      return { page: 'ab', name, range: rangeOf(query.get('range'), '7d') }
    case 'compare': {
      const from = versionOf(query.get('from'))
      const to = versionOf(query.get('to'))
      return {
        page: 'compare',
        name,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        view: query.get('view') === 'split' ? 'split' : 'unified',
      }
    }
    default:
      return { page: 'prompt', name }
  }
}

/** The URL of a route (inverse of `parseRoute`). */
export function hrefFor(route: Route): string {
  const qs = (params: Record<string, string | number | undefined>) => {
    const entries = Object.entries(params).filter(
      (e): e is [string, string | number] => e[1] !== undefined && e[1] !== '',
    )
    return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : ''
  }
  const base = (name: string) => `/prompts/${encodeURIComponent(name)}`
  switch (route.page) {
    case 'prompts':
      return `/${qs({ q: route.q, tag: route.tag })}`
    case 'prompt':
      return base(route.name)
    case 'metrics':
      return `${base(route.name)}/metrics${qs({ range: route.range === '24h' ? undefined : route.range })}`
    case 'ab':
      return `${base(route.name)}/ab${qs({ range: route.range === '7d' ? undefined : route.range })}`
    case 'compare':
      return `${base(route.name)}/compare${qs({
        from: route.from,
        to: route.to,
        view: route.view === 'split' ? 'split' : undefined,
      })}`
    case 'not-found':
      return route.path
  }
}
