import { useMemo } from 'preact/hooks'
import type { PromptDetail, PromptVersion } from '../api/types'
import { useResource } from '../api/use-resource'
import { useSession } from '../auth/session'
import { ErrorPanel } from '../components/error-panel'
import { Loading } from '../components/loading'
import { definitionText } from '../diff/definition-text'
import { DiffView } from '../diff/diff-view'
import { lineDiff } from '../diff/line-diff'
import { formatInt } from '../format/format'
import { navigate } from '../router/navigation'
import { hrefFor } from '../router/routes'

/** The diff between any two versions of a prompt, picked in two selects (deep-linkable). */
export function PromptCompare(props: {
  prompt: PromptDetail
  from?: number
  to?: number
  view: 'unified' | 'split'
}) {
  const { prompt } = props
  const { api } = useSession()
  const versions = prompt.versions.map((v) => v.version) // newest first
  const to = props.to ?? versions[0]
  const from = props.from ?? versions.find((v) => to !== undefined && v < to) ?? versions[0]
  const go = (next: { from?: number; to?: number; view?: 'unified' | 'split' }) =>
    navigate(
      hrefFor({
        page: 'compare',
        name: prompt.name,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        view: props.view,
        ...next,
      }),
      { replace: true },
    )

  const pair = useResource(async (): Promise<[PromptVersion, PromptVersion] | null> => {
    if (from === undefined || to === undefined) return null
    return Promise.all([api.getVersion(prompt.name, from), api.getVersion(prompt.name, to)])
  }, [api, prompt.name, from, to])

  const diff = useMemo(() => {
    if (!pair.data) return null
    const [a, b] = pair.data
    return lineDiff(definitionText(a.definition), definitionText(b.definition))
  }, [pair.data])

  if (versions.length < 2) {
    return (
      <p class="notice">
        {prompt.name} has one version so far. Publish another (bump <code>version:</code> in its
        YAML file and run <code>pnpm canon publish</code>) to compare them.
      </p>
    )
  }

  const picker = (label: string, value: number | undefined, onPick: (v: number) => void) => (
    <label>
      {label}
      <select value={value} onChange={(e) => onPick(Number(e.currentTarget.value))}>
        {prompt.versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}
            {v.status !== 'active' ? ` (${v.status})` : ''}
          </option>
        ))}
      </select>
    </label>
  )

  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare versions</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        {picker('From', from, (v) => go({ from: v }))}
        {picker('To', to, (v) => go({ to: v }))}
        <fieldset class="segmented">
          <legend>Layout</legend>
          {(['unified', 'split'] as const).map((view) => (
            <label key={view}>
              <input
                type="radio"
                name="view"
                value={view}
                checked={props.view === view}
                onChange={() => go({ view })}
              />
              {view === 'unified' ? 'Unified' : 'Side by side'}
            </label>
          ))}
        </fieldset>
      </form>
      {pair.error && <ErrorPanel error={pair.error} what="the versions" onRetry={pair.reload} />}
      {pair.loading && <Loading what="the versions" />}
      {pair.data && diff && !pair.loading && (
        <>
          <p class="diff-summary" aria-live="polite">
            v{from} → v{to}:{' '}
            {diff.added + diff.removed === 0 ? (
              'the definitions are identical.'
            ) : (
              <>
                <span class="added-count">+{formatInt(diff.added)}</span>{' '}
                <span class="removed-count">−{formatInt(diff.removed)}</span> lines
              </>
            )}
            <span class="muted">
              {' '}
              · digests {pair.data[0].digest.replace(/^sha256:/, '').slice(0, 12)} →{' '}
              {pair.data[1].digest.replace(/^sha256:/, '').slice(0, 12)}
            </span>
          </p>
          <DiffView diff={diff} view={props.view} beforeTitle={`v${from}`} afterTitle={`v${to}`} />
        </>
      )}
    </section>
  )
}
