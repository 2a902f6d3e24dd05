import type { ComponentChildren } from 'preact'
import type { AbArm, AbComparison, PromptDetail } from '../api/types'
import { useResource } from '../api/use-resource'
import { useSession } from '../auth/session'
import { IntervalPlot, type IntervalRow } from '../charts/interval-plot'
import { seriesColor } from '../charts/palette'
import { ErrorPanel } from '../components/error-panel'
import { Loading } from '../components/loading'
import { NoTraffic } from '../components/no-traffic'
import { RANGE_TEXT, RangePicker } from '../components/range-picker'
import { SimulatedBadge, SimulatedBanner } from '../components/simulated-banner'
import {
  formatInt,
  formatInterval,
  formatMs,
  formatNumber,
  formatPercent,
  formatUsd,
  type Unit,
} from '../format/format'
import { hrefFor, type RangeId } from '../router/routes'

const armName = (arm: AbArm) => arm.variant ?? `v${arm.version}`
const ci = (unit: Unit, low: number, high: number) => `95 % CI ${formatInterval(unit, low, high)}`

/** Live A/B arms side by side, with 95 % intervals and the registry's plain-English verdict. */
export function PromptAb(props: { prompt: PromptDetail; range: RangeId }) {
  const { prompt, range } = props
  const { api } = useSession()
  const ab = useResource(
    () => api.abComparison(prompt.name, { from: range }),
    [api, prompt.name, range],
  )

  return (
    <section aria-labelledby="ab-heading">
      <div class="section-head">
        <h2 id="ab-heading">
          A/B test, {RANGE_TEXT[range].toLowerCase()} {ab.data?.simulated && <SimulatedBadge />}
        </h2>
        <RangePicker
          value={range}
          href={(r) => hrefFor({ page: 'ab', name: prompt.name, range: r })}
        />
      </div>
      {ab.error && <ErrorPanel error={ab.error} what="the A/B comparison" onRetry={ab.reload} />}
      {ab.loading && !ab.data && <Loading what="the A/B comparison" />}
      {ab.data && ab.data.arms.length === 0 && <NoTraffic scope="in this range" />}
      {ab.data && ab.data.arms.length > 0 && <AbBody ab={ab.data} />}
    </section>
  )
}

function AbBody(props: { ab: AbComparison }) {
  const { ab } = props
  const arms = ab.arms
  const total = arms.reduce((n, a) => n + a.calls, 0)
  const rows = (pick: (a: AbArm) => { value: number; low: number; high: number } | null) =>
    arms.flatMap((a): IntervalRow[] => {
      const v = pick(a)
      return v ? [{ label: armName(a), ...v }] : []
    })

  return (
    <>
      {ab.simulated && <SimulatedBanner />}
      <section class="verdict" aria-label="Verdict">
        <p class="verdict-text">{ab.verdict.text}</p>
        <p class="muted">
          {arms.length === 1
            ? 'Only one arm served traffic in this range: nothing to compare yet.'
            : `Quality: ${ab.verdict.quality}. ${
                ab.verdict.cheaper
                  ? `${ab.verdict.cheaper.arm} costs ${formatPercent(ab.verdict.cheaper.percent / 100, 0)} less per call${
                      ab.verdict.cheaper.significant ? '' : ' (not statistically significant)'
                    }.`
                  : 'No significant cost difference.'
              } n = ${formatInt(ab.verdict.n)} calls.`}
        </p>
      </section>

      <div class="table-wrap">
        <table class="table ab-table">
          <caption>Arms side by side (95 % confidence intervals)</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {arms.map((a, i) => (
                <th scope="col" key={armName(a)}>
                  <span class="swatch" style={{ background: seriesColor(i) }} aria-hidden="true" />
                  {armName(a)}
                  {a.variant && a.variant !== `v${a.version}` ? (
                    <span class="muted"> (v{a.version})</span>
                  ) : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <Row
              label="Calls"
              arms={arms}
              cell={(a) =>
                `${formatInt(a.calls)} (${formatPercent(total ? a.calls / total : 0, 0)})`
              }
            />
            <Row
              label="Cost per call"
              arms={arms}
              cell={(a) => (
                <>
                  {formatUsd(a.costPerCallUsd.mean)}
                  <div class="ci">{ci('usd', a.costPerCallUsd.low, a.costPerCallUsd.high)}</div>
                </>
              )}
            />
            <Row
              label="Latency p50 / p95"
              arms={arms}
              cell={(a) => `${formatMs(a.latencyP50Ms)} / ${formatMs(a.latencyP95Ms)}`}
            />
            <Row
              label="Error rate"
              arms={arms}
              cell={(a) => (
                <>
                  {formatPercent(a.errorRate.rate)}
                  <div class="ci">{ci('rate', a.errorRate.low, a.errorRate.high)}</div>
                </>
              )}
            />
            <Row
              label="Feedback approval"
              arms={arms}
              cell={(a) =>
                a.approval ? (
                  <>
                    {formatPercent(a.approval.rate)}{' '}
                    <span class="muted">of {formatInt(a.approval.n)}</span>
                    <div class="ci">{ci('rate', a.approval.low, a.approval.high)}</div>
                  </>
                ) : (
                  <span class="muted">no feedback</span>
                )
              }
            />
            <Row
              label="Quality score"
              arms={arms}
              cell={(a) =>
                a.quality ? (
                  <>
                    {formatNumber(a.quality.mean)}{' '}
                    <span class="muted">(n {formatInt(a.quality.n)})</span>
                    <div class="ci">{ci('number', a.quality.low, a.quality.high)}</div>
                  </>
                ) : (
                  <span class="muted">no scores</span>
                )
              }
            />
          </tbody>
        </table>
      </div>

      <div class="interval-grid">
        <IntervalPlot
          title="Cost per call"
          unit="usd"
          rows={rows((a) => ({
            value: a.costPerCallUsd.mean,
            low: a.costPerCallUsd.low,
            high: a.costPerCallUsd.high,
          }))}
        />
        <IntervalPlot
          title="Error rate"
          unit="rate"
          rows={rows((a) => ({
            value: a.errorRate.rate,
            low: a.errorRate.low,
            high: a.errorRate.high,
          }))}
        />
        <IntervalPlot
          title="Feedback approval"
          unit="rate"
          rows={rows((a) =>
            a.approval
              ? { value: a.approval.rate, low: a.approval.low, high: a.approval.high }
              : null,
          )}
        />
        <IntervalPlot
          title="Quality score"
          unit="number"
          rows={rows((a) =>
            a.quality ? { value: a.quality.mean, low: a.quality.low, high: a.quality.high } : null,
          )}
        />
      </div>
    </>
  )
}

function Row(props: { label: string; arms: AbArm[]; cell: (arm: AbArm) => ComponentChildren }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      {props.arms.map((a) => (
        <td key={armName(a)}>{props.cell(a)}</td>
      ))}
    </tr>
  )
}
