import type { ComponentChildren } from 'preact'

/** What a newcomer sees where data will appear: what is missing and the command that fixes it. */
export function EmptyState(props: { title: string; children: ComponentChildren }) {
  return (
    <section class="empty-state" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.children}
    </section>
  )
}
