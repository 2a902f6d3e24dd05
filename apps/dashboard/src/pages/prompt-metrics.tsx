import { useMemo } from 'preact/hooks'
import type { MetricsGroup, MetricsPoint, PromptDetail } from '../api/types'
import { useResource } from '../api/use-resource'
import { useSession } from '../auth/session'
import { LazyTimeChart } from '../charts/lazy-time-chart'
import { seriesColor } from '../charts/palette'
import { seriesByVersion } from '../charts/series-by-version'
import type { ChartSeries } from '../charts/time-chart'
import { ErrorPanel } from '../components/error-panel'
import { Loading } from '../components/loading'
import { NoTraffic } from '../components/no-traffic'
import { RANGE_TEXT, RangePicker } from '../components/range-picker'
import { SimulatedBadge, SimulatedBanner } from '../components/simulated-banner'
import {
  formatInt,
  formatMs,
  formatNumber,
  formatPercent,
  formatUsd,
  type Unit,
} from '../format/format'
import { hrefFor, type RangeId } from '../router/routes'

const FEEDBACK = new Set(['user_approval', 'feedback'])

/** Per-version metrics over a time range: a summary table and one chart per measure. */
export function PromptMetricsView(props: { prompt: PromptDetail; range: RangeId }) {
  const { prompt, range } = props
  const { api } = useSession()
  const metrics = useResource(
    () => api.promptMetrics(prompt.name, { from: range }),
    [api, prompt.name, range],
  )

  const charts = useMemo(() => {
    const data = metrics.data
    if (!data || data.series.length === 0) return []
    const s = seriesByVersion(data.series)
    const line = (
      pick: Parameters<typeof s.values>[0],
      suffix = '',
      dashed = false,
    ): ChartSeries[] =>
      [...s.values(pick)].map(([version, values]) => ({
        label: `v${version}${suffix}`,
        color: seriesColor(s.versions.indexOf(version)),
        values,
        dashed,
      }))
    const perCall = (total: (p: MetricsPoint) => number) => (p: MetricsPoint) =>
      p.calls > 0 ? total(p) / p.calls : null
    const range: [number, number] = [Date.parse(data.from) / 1000, Date.parse(data.to) / 1000]
    const charts: { title: string; unit: Unit; series: ChartSeries[] }[] = [
      { title: 'Calls per bucket', unit: 'count', series: line((p) => p.calls) },
      {
        title: 'Latency (p50 solid, p95 dashed)',
        unit: 'ms',
        series: [
          ...line((p) => p.latencyP50Ms, ' p50'),
          ...line((p) => p.latencyP95Ms, ' p95', true),
        ],
      },
      {
        title: 'Tokens per call (input solid, output dashed)',
        unit: 'number',
        series: [
          ...line(
            perCall((p) => p.inputTokens),
            ' in',
          ),
          ...line(
            perCall((p) => p.outputTokens),
            ' out',
            true,
          ),
        ],
      },
      { title: 'Cost per call', unit: 'usd', series: line((p) => p.costPerCallUsd) },
      { title: 'Error rate', unit: 'rate', series: line((p) => p.errorRate) },
      { title: 'Quality score (mean)', unit: 'number', series: line((p) => p.qualityMean) },
      { title: 'Feedback approval', unit: 'rate', series: line((p) => p.approvalRate) },
    ]
    return charts.map((chart) => ({ ...chart, x: s.x, range }))
  }, [metrics.data])

  return (
    <section aria-labelledby="metrics-heading">
      <div class="section-head">
        <h2 id="metrics-heading">
          Metrics by version, {RANGE_TEXT[range].toLowerCase()}{' '}
          {metrics.data?.simulated && <SimulatedBadge />}
        </h2>
        <RangePicker
          value={range}
          href={(r) => hrefFor({ page: 'metrics', name: prompt.name, range: r })}
        />
      </div>
      {metrics.error && (
        <ErrorPanel error={metrics.error} what="the metrics" onRetry={metrics.reload} />
      )}
      {metrics.loading && !metrics.data && <Loading what="metrics" />}
      {metrics.data && metrics.data.groups.length === 0 && <NoTraffic scope="in this range" />}
      {metrics.data && metrics.data.groups.length > 0 && (
        <>
          {metrics.data.simulated && <SimulatedBanner />}
          <GroupsTable groups={metrics.data.groups} bucket={metrics.data.bucket} />
          <div class="chart-grid">
            {charts.map((c) => (
              <LazyTimeChart
                key={c.title}
                title={c.title}
                x={c.x}
                range={c.range}
                series={c.series}
                unit={c.unit}
              />
            ))}
          </div>
        </>
      )}
    </section>
  )
}

function GroupsTable(props: { groups: MetricsGroup[]; bucket: string }) {
  const groups = [...props.groups].sort((a, b) => a.version - b.version)
  return (
    <div class="table-wrap">
      <table class="table compact metrics-table">
        <caption>Totals per version (charts below in {props.bucket} buckets)</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col" class="num">
              Calls
            </th>
            <th scope="col" class="num">
              Error rate
            </th>
            <th scope="col" class="num">
              p50
            </th>
            <th scope="col" class="num">
              p95
            </th>
            <th scope="col" class="num">
              Tokens in / out
            </th>
            <th scope="col" class="num">
              Cost / call
            </th>
            <th scope="col" class="num">
              Cost
            </th>
            <th scope="col">Quality scores</th>
            <th scope="col" class="num">
              Approval
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => {
            const scores = Object.entries(g.scores).filter(([name]) => !FEEDBACK.has(name))
            return (
              <tr key={`${g.version}-${g.variant}`}>
                <th scope="row">
                  <span class="swatch" style={{ background: seriesColor(i) }} aria-hidden="true" />v
                  {g.version}
                  {g.variant ? ` (${g.variant})` : ''}
                </th>
                <td class="num">{formatInt(g.calls)}</td>
                <td class="num">{formatPercent(g.errorRate)}</td>
                <td class="num">{formatMs(g.latencyP50Ms)}</td>
                <td class="num">{formatMs(g.latencyP95Ms)}</td>
                <td class="num">
                  {formatNumber(g.avgInputTokens)} / {formatNumber(g.avgOutputTokens)}
                </td>
                <td class="num">{formatUsd(g.costPerCallUsd)}</td>
                <td class="num">{formatUsd(g.costUsd)}</td>
                <td>
                  {scores.length === 0
                    ? '—'
                    : scores
                        .map(([name, s]) => `${name} ${formatNumber(s.mean)} (n ${formatInt(s.n)})`)
                        .join(', ')}
                </td>
                <td class="num">
                  {g.feedback.n === 0
                    ? '—'
                    : `${formatPercent(g.feedback.approvalRate)} of ${formatInt(g.feedback.n)}`}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
