import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Api } from '../api/client'
import type { Scope, Whoami } from '../api/types'

/** The signed-in key: who it is, what it may do, and the API bound to it. */
export interface Session {
  key: string
  whoami: Whoami
  api: Api
  signOut: () => void
}

export const SessionContext = createContext<Session | null>(null)

/** The current session; only used under `<SessionContext.Provider>`. */
export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside a signed-in app')
  return session
}

/** Whether the key may do what `scope` allows (`admin` implies every scope). */
export function can(whoami: Whoami, scope: Scope): boolean {
  return whoami.scopes.includes(scope) || whoami.scopes.includes('admin')
}
