import type { ComponentChildren } from 'preact'
import { useEffect, useId, useRef, useState } from 'preact/hooks'
import { ApiError } from '../api/api-error'

export interface ConfirmDialogProps {
  title: string
  /** What will happen, in words; may hold form controls (a version picker). */
  children: ComponentChildren
  confirmLabel: string
  /** `danger` for actions that take something away (retire, roll back). */
  tone?: 'default' | 'danger'
  /** Runs the action; a rejection keeps the dialog open and shows the server's detail. */
  onConfirm: () => Promise<void>
  onClose: () => void
}

/**
 * A modal confirmation on the native `<dialog>`: focus moves into it and stays there, Escape
 * cancels, Enter confirms, and focus returns to the button that opened it. A failed action shows
 * the registry's problem detail (e.g. `412` when someone else moved the label first).
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | Error | null>(null)
  const titleId = useId()
  const bodyId = useId()

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    const dialog = ref.current
    dialog?.showModal()
    confirmRef.current?.focus()
    return () => {
      if (dialog?.open) dialog.close()
      // The opener may be gone after a reload of the page's data; then the page heading takes it.
      if (opener?.isConnected) opener.focus()
      else document.querySelector<HTMLElement>('main h1')?.focus()
    }
  }, [])

  const submit = async (event: Event) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await props.onConfirm()
      props.onClose()
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
      setBusy(false)
    }
  }

  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault()
        if (!busy) props.onClose()
      }}
    >
      <form onSubmit={submit} method="dialog">
        <h2 id={titleId}>{props.title}</h2>
        <div id={bodyId} class="dialog-body">
          {props.children}
        </div>
        {error && (
          <div class="problem" role="alert">
            <strong>
              {error instanceof ApiError && error.status > 0
                ? `${error.status} ${error.title}`
                : 'Failed'}
            </strong>
            <p>{error instanceof ApiError ? error.detail : error.message}</p>
          </div>
        )}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <button
            ref={confirmRef}
            type="submit"
            class={`button ${props.tone === 'danger' ? 'button-danger' : 'button-primary'}`}
            disabled={busy}
          >
            {busy ? 'Working…' : props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  )
}
