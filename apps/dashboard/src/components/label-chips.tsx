/** `production → v2` chips for a prompt's labels, production first. */
export function LabelChips(props: { labels: Record<string, number> }) {
  const entries = Object.entries(props.labels).sort(
    ([a], [b]) => rank(a) - rank(b) || a.localeCompare(b),
  )
  if (entries.length === 0) return <span class="muted">none</span>
  return (
    <ul class="labels" aria-label="Labels">
      {entries.map(([label, version]) => (
        <li key={label} class={`label-chip label-${rank(label) === 0 ? 'production' : 'other'}`}>
          {label} → v{version}
        </li>
      ))}
    </ul>
  )
}

function rank(label: string): number {
  return label === 'production' ? 0 : label === 'staging' ? 1 : 2
}
