import type { ComponentChildren } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { ApiError } from './api/api-error'
import { createApi } from './api/client'
import type { Whoami } from './api/types'
import { adoptKeyFromLocation, clearKey, maskKey, saveKey } from './auth/key-store'
import { type Session, SessionContext } from './auth/session'
import { Loading } from './components/loading'
import { NotFoundPage } from './pages/not-found'
import { PromptPage } from './pages/prompt-page'
import { PromptsListPage } from './pages/prompts-list'
import { SignInPage } from './pages/sign-in'
import { Link } from './router/link'
import { useLocation } from './router/navigation'
import { parseRoute } from './router/routes'

type Auth =
  | { state: 'signed-out'; problem?: string }
  | { state: 'checking'; key: string }
  | { state: 'signed-in'; key: string; whoami: Whoami }

/** The dashboard: sign-in, then the page the URL names. */
export function App() {
  const [auth, setAuth] = useState<Auth>(() => {
    const key = adoptKeyFromLocation()
    return key ? { state: 'checking', key } : { state: 'signed-out' }
  })

  const signIn = async (key: string) => {
    try {
      const whoami = await createApi(key).whoami()
      saveKey(key)
      setAuth({ state: 'signed-in', key, whoami })
    } catch (err) {
      const problem =
        err instanceof ApiError
          ? err.status === 401
            ? 'The registry does not know this key (or it was revoked).'
            : err.detail
          : String(err)
      if (err instanceof ApiError && err.status === 401) clearKey()
      setAuth({ state: 'signed-out', problem })
    }
  }

  useEffect(() => {
    if (auth.state === 'checking') void signIn(auth.key)
  }, [auth])

  const session = useMemo<Session | null>(
    () =>
      auth.state === 'signed-in'
        ? {
            key: auth.key,
            whoami: auth.whoami,
            api: createApi(auth.key),
            signOut: () => {
              clearKey()
              setAuth({ state: 'signed-out' })
            },
          }
        : null,
    [auth],
  )

  return (
    <Frame session={session}>
      {auth.state === 'checking' && <Loading what="your key" />}
      {auth.state === 'signed-out' && <SignInPage onSubmit={signIn} problem={auth.problem} />}
      {session && (
        <SessionContext.Provider value={session}>
          <Pages />
        </SessionContext.Provider>
      )}
    </Frame>
  )
}

function Pages() {
  const { pathname, search } = useLocation()
  const route = parseRoute(pathname, search)
  switch (route.page) {
    case 'prompts':
      return <PromptsListPage q={route.q} tag={route.tag} />
    case 'not-found':
      return <NotFoundPage path={route.path} />
    default:
      // Keyed by name: another prompt starts fresh, another tab of the same prompt does not.
      return <PromptPage key={route.name} route={route} />
  }
}

function Frame(props: { session: Session | null; children: ComponentChildren }) {
  const { session } = props
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          Canon
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link href="/">Prompts</Link>
            </li>
            <li>
              <a href="/docs">API docs</a>
            </li>
          </ul>
        </nav>
        {session && (
          <div class="account">
            <span>
              Key <strong>{session.whoami.name}</strong>{' '}
              <span class="muted" title="The key in use (shortened)">
                {maskKey(session.key)}
              </span>
            </span>
            <ul class="scopes" aria-label="Scopes">
              {session.whoami.scopes.map((s) => (
                <li key={s} class="badge badge-scope">
                  {s}
                </li>
              ))}
            </ul>
            <button type="button" class="button button-small" onClick={session.signOut}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  )
}
