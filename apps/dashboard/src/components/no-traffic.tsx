import { EmptyState } from './empty-state'

/** Shown where charts or counts will appear once executions arrive. */
export function NoTraffic(props: { scope?: string }) {
  return (
    <EmptyState title={`No traffic yet${props.scope ? ` ${props.scope}` : ''}`}>
      <p>
        Calls, latency, cost and feedback appear here once your app reports executions. Instrument
        your app with the SDK's <code>prompt.trace()</code> (it sends OpenTelemetry spans to this
        registry's <code>/v1/traces</code>), or see it with simulated traffic:
      </p>
      <pre>
        <code>pnpm canon serve --demo</code>
      </pre>
    </EmptyState>
  )
}
