import { useEffect, useState } from 'preact/hooks'

const CHANGE = 'canon:navigate'

/** Goes to `href` inside the app (no reload); `replace` for filter changes that need no history. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', href)
  else window.history.pushState(null, '', href)
  window.dispatchEvent(new Event(CHANGE))
}

/** The current `pathname` and `search`, re-rendering on navigation and Back/Forward. */
export function useLocation(): { pathname: string; search: string } {
  const read = () => ({ pathname: window.location.pathname, search: window.location.search })
  const [location, setLocation] = useState(read)
  useEffect(() => {
    const update = () => setLocation(read())
    window.addEventListener('popstate', update)
    window.addEventListener(CHANGE, update)
    return () => {
      window.removeEventListener('popstate', update)
      window.removeEventListener(CHANGE, update)
    }
  }, [])
  return location
}

let focusPending = false

/**
 * Whether the page that just mounted was reached by in-app navigation, in which case its
 * heading takes focus (so keyboard and screen-reader users land on the new content).
 */
export function takeFocusRequest(): boolean {
  const pending = focusPending
  focusPending = false
  return pending
}

window.addEventListener(CHANGE, () => {
  focusPending = true
})
window.addEventListener('popstate', () => {
  focusPending = true
})
