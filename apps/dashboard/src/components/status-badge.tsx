import type { VersionStatus } from '../api/types'

const TEXT: Record<VersionStatus, string> = {
  active: 'Active',
  deprecated: 'Deprecated',
  retired: 'Retired',
}

/** A version's lifecycle status as a coloured, labelled badge. */
export function StatusBadge(props: { status: VersionStatus }) {
  return <span class={`badge badge-${props.status}`}>{TEXT[props.status]}</span>
}
