import { useEffect, useState } from 'preact/hooks'
import type { TimeChartProps } from './time-chart'

type ChartModule = typeof import('./time-chart')
let loading: Promise<ChartModule> | undefined

/**
 * `TimeChart`, with uPlot loaded on first use: the prompts list (the first page most people
 * open) does not pay for the chart library.
 */
export function LazyTimeChart(props: TimeChartProps) {
  const [mod, setMod] = useState<ChartModule | null>(null)
  useEffect(() => {
    let live = true
    loading ??= import('./time-chart')
    loading.then((m) => live && setMod(m))
    return () => {
      live = false
    }
  }, [])
  if (!mod) {
    return (
      <figure class="chart">
        <figcaption>{props.title}</figcaption>
        <div class="chart-canvas chart-placeholder" style={{ height: props.height ?? 190 }} />
      </figure>
    )
  }
  return <mod.TimeChart {...props} />
}
