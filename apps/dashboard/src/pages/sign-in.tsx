import { useState } from 'preact/hooks'
import { PageHeading } from '../components/page-heading'

/**
 * Asks for an API key. `canon serve` prints an admin key on first start (and saves it to
 * `.canon/admin-key`); any key with the `read` scope shows the dashboard.
 */
export function SignInPage(props: {
  onSubmit: (key: string) => Promise<void>
  problem?: string | undefined
}) {
  const [key, setKey] = useState('')
  const [busy, setBusy] = useState(false)
  return (
    <div class="sign-in">
      <PageHeading title="Sign in" />
      <p>
        The dashboard talks to this registry with an API key. Paste one with the <code>read</code>{' '}
        scope (add <code>label</code> to promote and roll back).
      </p>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          if (!key.trim() || busy) return
          setBusy(true)
          await props.onSubmit(key.trim())
          setBusy(false)
        }}
      >
        <label class="field">
          API key
          <input
            type="password"
            name="key"
            autoComplete="off"
            spellcheck={false}
            required
            value={key}
            aria-describedby="key-help"
            aria-invalid={props.problem ? true : undefined}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
        </label>
        {props.problem && (
          <p class="problem" role="alert">
            {props.problem}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      <div id="key-help" class="help">
        <p>Where to find a key:</p>
        <ul>
          <li>
            <code>pnpm canon serve</code> prints an admin key the first time it starts and saves it
            to <code>.canon/admin-key</code>.
          </li>
          <li>
            Open the dashboard as <code>/#key=&lt;your key&gt;</code> to sign in from a link; the
            key is then removed from the address bar.
          </li>
        </ul>
        <p>The key is kept in this browser's local storage until you sign out.</p>
      </div>
    </div>
  )
}
