import type { AnchorHTMLAttributes, ComponentChildren } from 'preact'
import { navigate } from './navigation'

type AnchorProps = AnchorHTMLAttributes<HTMLAnchorElement>

/**
 * An `<a href>` that navigates inside the app on a plain click and behaves like any link
 * otherwise (new tab with Ctrl/⌘, copy address, keyboard Enter).
 */
export function Link(props: AnchorProps & { href: string; children: ComponentChildren }) {
  const { href, onClick, ...rest } = props
  return (
    <a
      {...rest}
      href={href}
      onClick={(event) => {
        onClick?.(event)
        if (
          event.defaultPrevented ||
          event.button !== 0 ||
          event.metaKey ||
          event.ctrlKey ||
          event.shiftKey ||
          event.altKey
        ) {
          return
        }
        event.preventDefault()
        navigate(href)
      }}
    />
  )
}
