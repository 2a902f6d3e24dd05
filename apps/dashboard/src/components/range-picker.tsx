import { Link } from '../router/link'
import { RANGES, type RangeId } from '../router/routes'

const TEXT: Record<RangeId, string> = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
}

/** The time range of a metrics page, as links (each range has its own URL). */
export function RangePicker(props: { value: RangeId; href: (range: RangeId) => string }) {
  return (
    <nav aria-label="Time range" class="range-picker">
      <ul>
        {RANGES.map((r) => (
          <li key={r}>
            <Link
              href={props.href(r)}
              class={r === props.value ? 'range active' : 'range'}
              aria-current={r === props.value ? 'true' : undefined}
            >
              {TEXT[r]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export { TEXT as RANGE_TEXT }
