import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import type { ApiError } from './api-error'

/** A value loaded from the registry: exactly one of `data`, `error` once loaded. */
export interface Resource<T> {
  data: T | undefined
  error: ApiError | undefined
  loading: boolean
  /** Loads again (after an action changed what the page shows). */
  reload: () => void
}

/**
 * Runs `load` when `deps` change and keeps the latest answer; answers to superseded calls are
 * dropped, so a fast typist never sees an older result win.
 * @example const prompt = useResource(() => api.getPrompt(name), [name])
 */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({
    loading: true,
  })
  const [generation, setGeneration] = useState(0)
  const latest = useRef(0)

  // The caller lists what `load` reads in `deps`.
  useEffect(() => {
    const call = ++latest.current
    setState((s) => ({ ...s, loading: true }))
    load().then(
      (data) => {
        if (call === latest.current) setState({ data, loading: false })
      },
      (error: ApiError) => {
        if (call === latest.current) setState({ error, loading: false })
      },
    )
  }, [...deps, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { data: state.data, error: state.error, loading: state.loading, reload }
}
