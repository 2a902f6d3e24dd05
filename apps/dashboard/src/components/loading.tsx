/** A polite "loading" line for screen readers and eyes alike. */
export function Loading(props: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {props.what}…
    </p>
  )
}
