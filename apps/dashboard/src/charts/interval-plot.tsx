import { formatTicks, formatValue, type Unit } from '../format/format'
import { niceTicks } from './nice-ticks'
import { seriesColor } from './palette'

export interface IntervalRow {
  label: string
  value: number
  low: number
  high: number
}

/**
 * A small forest plot: one row per arm, a dot at the estimate and a bar over its 95 % interval,
 * on a shared axis with round ticks, so overlapping intervals are visible at a glance. Rates stay
 * on 0..100 %. Hand-written SVG (no chart library for five lines); the numbers are also in the
 * table beside it.
 */
export function IntervalPlot(props: { title: string; rows: IntervalRow[]; unit: Unit }) {
  const { rows, unit } = props
  if (rows.length === 0) return null
  const width = 320
  const left = 70
  const right = 16
  const rowH = 26
  const height = rows.length * rowH + 30
  const axisY = height - 22
  const { ticks, step } = niceTicks(
    Math.min(...rows.map((r) => r.low)),
    Math.max(...rows.map((r) => r.high)),
    3,
    unit === 'rate' ? [0, 1] : undefined,
  )
  const min = ticks[0] ?? 0
  const max = ticks.at(-1) ?? 1
  const labels = formatTicks(unit, ticks, step)
  // About four labels fit under the plot; the ticks between unlabelled ones stay as marks.
  const every = Math.max(1, Math.ceil((ticks.length - 1) / 3))
  // An interval wider than the axis (a rate's normal interval past 100 %) is cut at its end.
  const x = (v: number) =>
    left + ((Math.min(max, Math.max(min, v)) - min) / (max - min || 1)) * (width - left - right)
  const description = rows
    .map(
      (r) =>
        `${r.label}: ${formatValue(unit, r.value)} (95 % interval ${formatValue(unit, r.low)} to ${formatValue(unit, r.high)})`,
    )
    .join('; ')

  return (
    <figure class="interval-plot">
      <figcaption>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={`${props.title}. ${description}`}
      >
        <line x1={left} x2={width - right} y1={axisY} y2={axisY} class="axis" />
        {ticks.map((t, i) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={axisY} y2={axisY + 4} class="axis" />
            {i % every === 0 && (
              <text
                x={x(t)}
                y={height - 4}
                class="tick"
                text-anchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}
              >
                {labels[i]}
              </text>
            )}
          </g>
        ))}
        {rows.map((r, i) => {
          const y = i * rowH + 14
          return (
            <g key={r.label}>
              <text x={0} y={y + 4} class="row-label">
                {r.label}
              </text>
              <line
                x1={x(r.low)}
                x2={x(r.high)}
                y1={y}
                y2={y}
                stroke={seriesColor(i)}
                stroke-width="4"
                stroke-linecap="round"
                opacity="0.55"
              />
              <circle cx={x(r.value)} cy={y} r="5" fill={seriesColor(i)} />
            </g>
          )
        })}
      </svg>
    </figure>
  )
}
