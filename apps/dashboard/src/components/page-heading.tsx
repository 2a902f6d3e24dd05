import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { takeFocusRequest } from '../router/navigation'

/**
 * The page's `<h1>`: sets the document title and takes focus after in-app navigation.
 */
export function PageHeading(props: { title: string; children?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${props.title} · Canon`
  }, [props.title])
  useEffect(() => {
    if (takeFocusRequest()) ref.current?.focus()
  }, [])
  return (
    <h1 ref={ref} tabIndex={-1}>
      {props.children ?? props.title}
    </h1>
  )
}
