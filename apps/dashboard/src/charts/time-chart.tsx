import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import {
  formatDateTime,
  formatTicks,
  formatTimeTicks,
  formatValue,
  type Unit,
} from '../format/format'

/** One line of a chart: values aligned with the chart's `x`. */
export interface ChartSeries {
  label: string
  color: string
  values: (number | null)[]
  dashed?: boolean
}

export interface TimeChartProps {
  title: string
  /** Seconds since the epoch, ascending. */
  x: number[]
  /** The selected time range, seconds since the epoch: the x-axis spans it whatever the data. */
  range: [from: number, to: number]
  series: ChartSeries[]
  /** What the values measure: decides the y-axis range, its tick labels and the legend. */
  unit: Unit
  height?: number
}

/** 1, 2, 5 × 10^k from 1 up: a count axis never has a tick at 2.5 calls. */
const WHOLE_STEPS = Array.from({ length: 12 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat()

/**
 * The y range of a measure: from zero (so small differences do not look big) to a little above
 * the highest value; rates stop at 100 %.
 */
function yRange(unit: Unit, max: number | null): [number, number] {
  const top = max !== null && max > 0 ? max * 1.1 : 1
  return [0, unit === 'rate' ? Math.min(1, top) : top]
}

/**
 * A time-series line chart (uPlot on a canvas) sized to its container, over the selected range.
 * Tick labels come from `formatTicks`/`formatTimeTicks`, legend values from `formatValue`: the
 * same style as the tables. The canvas is hidden from assistive technology; the page's tables
 * carry the same numbers.
 */
export function TimeChart(props: TimeChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const { unit, range } = props
    const options: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: props.height ?? 190,
      scales: {
        // The selected range, not the span of the data: one bucket must not stretch to years.
        x: { time: true, range: () => range },
        y: { range: (_u, _min, max) => yRange(unit, max) },
      },
      legend: { live: true },
      cursor: { points: { size: 6 } },
      series: [
        { value: (_u, v) => (v == null ? '—' : formatDateTime(new Date(v * 1000))) },
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          spanGaps: true,
          points: { show: props.x.length < 40, size: 4 },
          ...(s.dashed ? { dash: [6, 4] } : {}),
          value: (_u: uPlot, v: number | null) => formatValue(unit, v),
        })),
      ],
      axes: [
        {
          stroke: '#4a5163',
          grid: { stroke: '#e6e8ee' },
          values: (_u, splits, _axis, _space, step) => formatTimeTicks(splits, step),
        },
        {
          stroke: '#4a5163',
          grid: { stroke: '#e6e8ee' },
          size: 76,
          ...(unit === 'count' ? { incrs: WHOLE_STEPS } : {}),
          values: (_u, splits, _axis, _space, step) => formatTicks(unit, splits, step),
        },
      ],
    }
    const plot = new uPlot(options, [props.x, ...props.series.map((s) => s.values)], el)
    const observer = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(280, el.clientWidth), height: props.height ?? 190 })
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
      plot.destroy()
    }
  }, [props.x, props.range, props.series, props.unit, props.height])

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={ref} class="chart-canvas" aria-hidden="true" />
    </figure>
  )
}
