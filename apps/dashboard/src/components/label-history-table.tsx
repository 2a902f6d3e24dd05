import type { LabelHistoryEntry } from '../api/types'
import { formatDateTime } from '../format/format'

export interface LabelMoveRow extends LabelHistoryEntry {
  label: string
}

const version = (v: number | null) => (v === null ? 'unset' : `v${v}`)

/** Every recorded move of the prompt's labels, newest first. */
export function LabelHistoryTable(props: { rows: LabelMoveRow[] }) {
  if (props.rows.length === 0) {
    return <p class="muted">No label has been moved yet.</p>
  }
  return (
    <div class="table-wrap">
      <table class="table compact" id="label-history">
        <caption class="visually-hidden">Label moves, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Label</th>
            <th scope="col">Change</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={`${row.label}-${row.at}-${row.toVersion}`}>
              <td>
                <time dateTime={row.at}>{formatDateTime(row.at)}</time>
              </td>
              <td>{row.label}</td>
              <td>
                {version(row.fromVersion)} → {version(row.toVersion)}
                {row.reason ? <span class="muted"> ({row.reason})</span> : null}
              </td>
              <td>{row.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
