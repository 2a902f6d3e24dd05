import { useMemo } from 'preact/hooks'
import type { ApiError } from '../api/api-error'
import type { OverviewRow } from '../api/types'
import { useResource } from '../api/use-resource'
import { useSession } from '../auth/session'
import { EmptyState } from '../components/empty-state'
import { ErrorPanel } from '../components/error-panel'
import { LabelChips } from '../components/label-chips'
import { Loading } from '../components/loading'
import { MarkdownText } from '../components/markdown-text'
import { NoTraffic } from '../components/no-traffic'
import { PageHeading } from '../components/page-heading'
import { SimulatedBadge, SimulatedBanner } from '../components/simulated-banner'
import { formatAgo, formatInt, formatPercent, formatUsd } from '../format/format'
import { Link } from '../router/link'
import { navigate } from '../router/navigation'
import { hrefFor } from '../router/routes'

/** `/`: every prompt with its labels and the last 24 hours of traffic; search and tag filter. */
export function PromptsListPage(props: { q: string; tag: string }) {
  const { api } = useSession()
  const prompts = useResource(() => api.listPrompts(), [api])
  // Metrics are optional here: a registry without traffic (or without the metrics routes)
  // still lists its prompts.
  const overview = useResource(
    () => api.overview({ from: '24h' }).catch((error: ApiError) => ({ error })),
    [api],
  )
  const traffic = useMemo(() => {
    const data = overview.data
    const rows = new Map<string, OverviewRow>()
    if (data && 'prompts' in data) for (const row of data.prompts) rows.set(row.name, row)
    return rows
  }, [overview.data])
  const simulated =
    overview.data !== undefined && 'simulated' in overview.data && overview.data.simulated
  const metricsError = overview.data && 'error' in overview.data ? overview.data.error : undefined

  const setFilter = (next: { q?: string; tag?: string }) =>
    navigate(hrefFor({ page: 'prompts', q: next.q ?? props.q, tag: next.tag ?? props.tag }), {
      replace: true,
    })

  const all = prompts.data ?? []
  const tags = [...new Set(all.flatMap((p) => p.tags))].sort()
  const needle = props.q.trim().toLowerCase()
  const shown = all.filter(
    (p) =>
      (!props.tag || p.tags.includes(props.tag)) &&
      (!needle ||
        p.name.toLowerCase().includes(needle) ||
        (p.description ?? '').toLowerCase().includes(needle)),
  )

  return (
    <>
      <PageHeading title="Prompts" />
      {prompts.error && (
        <ErrorPanel error={prompts.error} what="the prompts" onRetry={prompts.reload} />
      )}
      {prompts.loading && !prompts.data && <Loading what="prompts" />}
      {prompts.data && all.length === 0 && (
        <EmptyState title="No prompts yet">
          <p>
            Prompts are YAML files in your repository. Validate and publish them to this registry:
          </p>
          <pre>
            <code>pnpm canon publish prompts/</code>
          </pre>
          <p>
            They appear here with their versions, labels and evaluation results. New to Canon? Start
            from <code>prompts/README.md</code>.
          </p>
        </EmptyState>
      )}
      {all.length > 0 && (
        <>
          {simulated && <SimulatedBanner />}
          <form class="filters" aria-label="Filter prompts" onSubmit={(e) => e.preventDefault()}>
            <label>
              Search
              <input
                type="search"
                name="q"
                value={props.q}
                placeholder="Name or description"
                onInput={(e) => setFilter({ q: e.currentTarget.value })}
              />
            </label>
            <label>
              Tag
              <select
                name="tag"
                value={props.tag}
                onChange={(e) => setFilter({ tag: e.currentTarget.value })}
              >
                <option value="">All tags</option>
                {tags.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <p class="muted" aria-live="polite">
              {shown.length === all.length
                ? `${formatInt(all.length)} prompt${all.length === 1 ? '' : 's'}`
                : `${formatInt(shown.length)} of ${formatInt(all.length)} prompts`}
            </p>
          </form>
          {metricsError && metricsError.status !== 404 && (
            <p class="notice">Traffic figures are unavailable: {metricsError.detail}</p>
          )}
          {overview.data && !metricsError && traffic.size === 0 && (
            <NoTraffic scope="in the last 24 hours" />
          )}
          {shown.length === 0 ? (
            <EmptyState title="No prompt matches these filters">
              <button type="button" class="button" onClick={() => setFilter({ q: '', tag: '' })}>
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <div class="table-wrap">
              <table class="table" aria-busy={overview.loading ? 'true' : 'false'}>
                <caption>
                  Prompts, with traffic over the last 24 hours {simulated && <SimulatedBadge />}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Prompt</th>
                    <th scope="col">Labels</th>
                    <th scope="col" class="num">
                      Latest
                    </th>
                    <th scope="col" class="num">
                      Calls (24 h)
                    </th>
                    <th scope="col" class="num">
                      Cost (24 h)
                    </th>
                    <th scope="col" class="num">
                      Error rate
                    </th>
                    <th scope="col">Last call</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((p) => {
                    const t = traffic.get(p.name)
                    return (
                      <tr key={p.name}>
                        <th scope="row">
                          <Link href={hrefFor({ page: 'prompt', name: p.name })}>{p.name}</Link>
                          {p.description && (
                            <MarkdownText class="row-description" text={p.description} />
                          )}
                          {p.tags.length > 0 && (
                            <ul class="tags" aria-label="Tags">
                              {p.tags.map((tag) => (
                                <li key={tag}>
                                  <button
                                    type="button"
                                    class="tag"
                                    aria-pressed={props.tag === tag}
                                    title={`Show only prompts tagged ${tag}`}
                                    onClick={() => setFilter({ tag: props.tag === tag ? '' : tag })}
                                  >
                                    {tag}
                                  </button>
                                </li>
                              ))}
                            </ul>
                          )}
                        </th>
                        <td>
                          <LabelChips labels={p.labels} />
                        </td>
                        <td class="num">
                          {p.latestVersion !== null ? `v${p.latestVersion}` : '—'}
                        </td>
                        <td class="num">{t ? formatInt(t.calls) : overview.loading ? '…' : '0'}</td>
                        <td class="num">{t ? formatUsd(t.costUsd) : '—'}</td>
                        <td class={`num ${t && t.errorRate >= 0.05 ? 'bad' : ''}`}>
                          {t ? formatPercent(t.errorRate) : '—'}
                        </td>
                        <td>{t ? formatAgo(t.lastCallAt) : '—'}</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  )
}
