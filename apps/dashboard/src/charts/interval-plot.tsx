import { seriesColor } from './palette'

export interface IntervalRow {
  label: string
  value: number
  low: number
  high: number
}

/**
 * A small forest plot: one row per arm, a dot at the estimate and a bar over its 95 % interval,
 * on a shared axis, so overlapping intervals are visible at a glance. Hand-written SVG (no chart
 * library for five lines); the numbers are also in the table beside it.
 */
export function IntervalPlot(props: {
  title: string
  rows: IntervalRow[]
  format: (v: number) => string
}) {
  const { rows, format } = props
  if (rows.length === 0) return null
  const width = 320
  const left = 70
  const right = 12
  const rowH = 26
  const height = rows.length * rowH + 26
  let min = Math.min(...rows.map((r) => r.low))
  let max = Math.max(...rows.map((r) => r.high))
  if (min === max) {
    min -= Math.abs(min) * 0.1 || 1
    max += Math.abs(max) * 0.1 || 1
  }
  const pad = (max - min) * 0.08
  min = Math.max(min >= 0 ? 0 : min - pad, min - pad)
  max += pad
  const x = (v: number) => left + ((v - min) / (max - min)) * (width - left - right)
  const description = rows
    .map(
      (r) => `${r.label}: ${format(r.value)} (95 % interval ${format(r.low)} to ${format(r.high)})`,
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
        <line x1={left} x2={width - right} y1={height - 18} y2={height - 18} class="axis" />
        <text x={left} y={height - 4} class="tick">
          {format(min)}
        </text>
        <text x={width - right} y={height - 4} class="tick" text-anchor="end">
          {format(max)}
        </text>
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
