import { useState } from 'preact/hooks'
import type { PromptDetail, VersionStatus } from '../api/types'
import { useResource } from '../api/use-resource'
import { can, useSession } from '../auth/session'
import { EvalSummaryDetails, EvalSummaryLine } from '../components/eval-summary'
import { LabelHistoryTable, type LabelMoveRow } from '../components/label-history-table'
import { type LabelMoveRequest, MoveLabelDialog } from '../components/move-label-dialog'
import { StatusBadge } from '../components/status-badge'
import { STATUS_VERB, StatusDialog } from '../components/status-dialog'
import { formatDateTime } from '../format/format'
import { Link } from '../router/link'
import { hrefFor } from '../router/routes'

type Action =
  | { kind: 'label'; request: LabelMoveRequest }
  | { kind: 'status'; version: number; status: VersionStatus }

/** A prompt's versions (status, evaluation, actions), its labels and their history. */
export function PromptVersions(props: { prompt: PromptDetail; reload: () => void }) {
  const { prompt } = props
  const { api, whoami } = useSession()
  const mayAct = can(whoami, 'label')
  const [action, setAction] = useState<Action | null>(null)
  const [message, setMessage] = useState('')
  const labels = prompt.labels.filter((l) => l.label !== 'latest')
  const history = useResource(async (): Promise<LabelMoveRow[]> => {
    const all = await Promise.all(
      labels.map((l) =>
        api
          .labelHistory(prompt.name, l.label)
          .then((h) => h.history.map((e) => ({ ...e, label: l.label }))),
      ),
    )
    return all.flat().sort((a, b) => b.at.localeCompare(a.at))
  }, [api, prompt])

  const statusOf = new Map(prompt.versions.map((v) => [v.version, v.status]))
  /** The version a label was at before its last move, when it can still be served. */
  const previousOf = (label: string): number | null => {
    const last = history.data?.find((row) => row.label === label)
    const prev = last?.fromVersion ?? null
    return prev !== null && statusOf.get(prev) !== 'retired' ? prev : null
  }
  const done = (text: string) => {
    setMessage(text)
    props.reload()
    history.reload()
  }

  return (
    <>
      <p class="action-status" role="status" aria-live="polite">
        {message}
      </p>
      {!mayAct && (
        <p class="notice">
          This key can read only. Sign in with a key that has the <code>label</code> scope to
          promote, roll back, deprecate or retire versions.
        </p>
      )}

      <section aria-labelledby="labels-heading">
        <h2 id="labels-heading">Labels</h2>
        {labels.length === 0 ? (
          <p class="muted">
            No labels yet. Apps usually fetch the <code>production</code> label
            {mayAct ? ': promote a version below to create it.' : '.'}
          </p>
        ) : (
          <div class="table-wrap">
            <table class="table compact">
              <caption class="visually-hidden">Labels and the versions they point at</caption>
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">Points at</th>
                  <th scope="col">Moved</th>
                  {mayAct && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {labels.map((l) => {
                  const prev = previousOf(l.label)
                  return (
                    <tr key={l.label}>
                      <th scope="row">{l.label}</th>
                      <td>v{l.version}</td>
                      <td>
                        {formatDateTime(l.updatedAt)} by {l.updatedBy}
                      </td>
                      {mayAct && (
                        <td>
                          <div class="actions">
                            {prev !== null && prev !== l.version && (
                              <button
                                type="button"
                                class="button button-small"
                                onClick={() =>
                                  setAction({
                                    kind: 'label',
                                    request: { label: l.label, version: prev, rollback: true },
                                  })
                                }
                              >
                                Roll back {l.label} to v{prev}
                              </button>
                            )}
                            <button
                              type="button"
                              class="button button-small"
                              onClick={() =>
                                setAction({
                                  kind: 'label',
                                  request: { label: l.label, version: l.version },
                                })
                              }
                            >
                              Move {l.label}…
                            </button>
                          </div>
                        </td>
                      )}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <div class="table-wrap">
          <table class="table versions">
            <caption class="visually-hidden">Versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Published</th>
                <th scope="col">Evaluation</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {prompt.versions.map((v, i) => {
                const older = prompt.versions[i + 1]
                const at = labels.filter((l) => l.version === v.version).map((l) => l.label)
                return (
                  <tr key={v.version}>
                    <th scope="row">
                      v{v.version}
                      {at.length > 0 && <span class="muted"> · {at.join(', ')}</span>}
                      <div class="digest" title={v.digest}>
                        {v.digest.replace(/^sha256:/, '').slice(0, 12)}
                      </div>
                    </th>
                    <td>
                      <StatusBadge status={v.status} />
                    </td>
                    <td>
                      {formatDateTime(v.publishedAt)}
                      <div class="muted">by {v.publishedBy}</div>
                    </td>
                    <td>
                      <EvalSummaryLine summary={v.evalSummary} />
                      {v.evalSummary && (
                        <details>
                          <summary>Evaluation details</summary>
                          <EvalSummaryDetails summary={v.evalSummary} />
                        </details>
                      )}
                    </td>
                    <td>
                      <div class="actions">
                        {older && (
                          <Link
                            class="button button-small"
                            href={hrefFor({
                              page: 'compare',
                              name: prompt.name,
                              from: older.version,
                              to: v.version,
                              view: 'unified',
                            })}
                          >
                            Diff with v{older.version}
                          </Link>
                        )}
                        {mayAct && v.status !== 'retired' && (
                          <button
                            type="button"
                            class="button button-small"
                            onClick={() =>
                              setAction({
                                kind: 'label',
                                request: {
                                  label: labels[0]?.label ?? 'production',
                                  version: v.version,
                                  chooseLabel: true,
                                },
                              })
                            }
                          >
                            Promote v{v.version}…
                          </button>
                        )}
                        {mayAct &&
                          nextStatuses(v.status).map((status) => (
                            <button
                              key={status}
                              type="button"
                              class={`button button-small ${status === 'active' ? '' : 'button-quiet-danger'}`}
                              onClick={() =>
                                setAction({ kind: 'status', version: v.version, status })
                              }
                            >
                              {STATUS_VERB[status]} v{v.version}
                            </button>
                          ))}
                      </div>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Label history</h2>
        {history.error ? (
          <p class="problem" role="alert">
            Could not load the label history: {history.error.detail}
          </p>
        ) : history.data ? (
          <LabelHistoryTable rows={history.data} />
        ) : (
          <p class="muted">Loading…</p>
        )}
      </section>

      {action?.kind === 'label' && (
        <MoveLabelDialog
          api={api}
          prompt={prompt}
          request={action.request}
          onDone={done}
          onClose={() => setAction(null)}
        />
      )}
      {action?.kind === 'status' && (
        <StatusDialog
          api={api}
          name={prompt.name}
          version={action.version}
          status={action.status}
          onDone={done}
          onClose={() => setAction(null)}
        />
      )}
    </>
  )
}

function nextStatuses(status: VersionStatus): VersionStatus[] {
  switch (status) {
    case 'active':
      return ['deprecated', 'retired']
    case 'deprecated':
      return ['active', 'retired']
    case 'retired':
      return ['active']
  }
}
