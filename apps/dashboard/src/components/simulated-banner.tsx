/** Marks numbers that came from `canon serve --demo` rather than real traffic. */
export function SimulatedBanner() {
  return (
    <p class="simulated-banner" role="note">
      <span class="badge badge-simulated">Simulated</span> Some of this data comes from{' '}
      <code>canon serve --demo</code>, a simulated model and simulated users — not real traffic.
    </p>
  )
}

/** A small inline "simulated" tag for a table column or a chart title. */
export function SimulatedBadge() {
  return (
    <span class="badge badge-simulated" title="Includes simulated data from canon serve --demo">
      Simulated
    </span>
  )
}
