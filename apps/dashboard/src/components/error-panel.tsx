import { ApiError } from '../api/api-error'

/** A failed load, with the registry's detail and a way to try again. */
export function ErrorPanel(props: { error: Error; what: string; onRetry?: () => void }) {
  const { error } = props
  const api = error instanceof ApiError ? error : null
  return (
    <div class="problem" role="alert">
      <strong>
        Could not load {props.what}
        {api && api.status > 0 ? ` (${api.status} ${api.title})` : ''}
      </strong>
      <p>{api ? api.detail : error.message}</p>
      {props.onRetry && (
        <button type="button" class="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  )
}
