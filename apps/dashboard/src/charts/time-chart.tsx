import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

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
  series: ChartSeries[]
  format: (value: number) => string
  height?: number
}

/**
 * A time-series line chart (uPlot on a canvas) sized to its container. The canvas is hidden
 * from assistive technology; the page's tables carry the same numbers.
 */
export function TimeChart(props: TimeChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const { format } = props
    const options: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: props.height ?? 190,
      scales: {
        x: { time: true },
        // Every measure here is ≥ 0: an axis from zero keeps small differences from looking big.
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      legend: { live: true },
      cursor: { points: { size: 6 } },
      series: [
        { value: (_u, v) => (v == null ? '—' : new Date(v * 1000).toLocaleString()) },
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          spanGaps: true,
          points: { show: props.x.length < 40, size: 4 },
          ...(s.dashed ? { dash: [6, 4] } : {}),
          value: (_u: uPlot, v: number | null) => (v == null ? '—' : format(v)),
        })),
      ],
      axes: [
        { stroke: '#4a5163', grid: { stroke: '#e6e8ee' } },
        {
          stroke: '#4a5163',
          grid: { stroke: '#e6e8ee' },
          size: 76,
          values: (_u, values) => values.map((v) => format(v)),
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
  }, [props.x, props.series, props.format, props.height])

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={ref} class="chart-canvas" aria-hidden="true" />
    </figure>
  )
}
