import { useState } from 'preact/hooks'
import type { Api } from '../api/client'
import type { PromptDetail } from '../api/types'
import { ConfirmDialog } from './confirm-dialog'

/** What the dialog is asked to do: point `label` at `version`. */
export interface LabelMoveRequest {
  label: string
  version: number
  /** A roll back (to the label's previous version) rather than a promotion. */
  rollback?: boolean
  /** Offer a choice of label (promote a version) instead of a fixed one. */
  chooseLabel?: boolean
}

const SUGGESTED = ['production', 'staging']

/**
 * Confirms and performs a label move with compare-and-set: `expected` is where this page saw the
 * label, so if someone moved it meanwhile the registry answers `412` and nothing changes.
 */
export function MoveLabelDialog(props: {
  api: Api
  prompt: PromptDetail
  request: LabelMoveRequest
  onDone: (message: string) => void
  onClose: () => void
}) {
  const { prompt, request } = props
  const current = new Map(prompt.labels.map((l) => [l.label, l.version]))
  const choices = [...new Set([...SUGGESTED, ...current.keys()])].filter((l) => l !== 'latest')
  const [label, setLabel] = useState(request.label)
  const [version, setVersion] = useState(request.version)
  const from = current.get(label) ?? null
  const selectable = prompt.versions.filter((v) => v.status !== 'retired')
  const verb = request.rollback ? 'Roll back' : from === null ? 'Create' : 'Move'

  return (
    <ConfirmDialog
      title={
        request.rollback
          ? `Roll back ${label} to v${version}?`
          : `Point ${request.chooseLabel ? 'a label' : label} at v${version}?`
      }
      confirmLabel={`${verb} ${label}`}
      tone={request.rollback ? 'danger' : 'default'}
      onClose={props.onClose}
      onConfirm={async () => {
        const moved = await props.api.moveLabel(prompt.name, label, version, from)
        props.onDone(
          moved.changed
            ? `${label} now points at v${moved.version} (was ${moved.previousVersion === null ? 'unset' : `v${moved.previousVersion}`}).`
            : `${label} already pointed at v${moved.version}; nothing changed.`,
        )
      }}
    >
      {request.chooseLabel && (
        <label class="field">
          Label
          <select value={label} onChange={(e) => setLabel(e.currentTarget.value)}>
            {choices.map((l) => (
              <option key={l} value={l}>
                {l}
                {current.has(l) ? ` (now v${current.get(l)})` : ' (new)'}
              </option>
            ))}
          </select>
        </label>
      )}
      {!request.rollback && !request.chooseLabel && (
        <label class="field">
          Version
          <select value={version} onChange={(e) => setVersion(Number(e.currentTarget.value))}>
            {selectable.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
                {v.status === 'deprecated' ? ' (deprecated)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <p class="change-line">
        <strong>{label}</strong>: {from === null ? 'not set' : `v${from}`} →{' '}
        <strong>v{version}</strong>
      </p>
      <p>
        Apps that fetch <code>{prompt.name}</code> by the <code>{label}</code> label get v{version}{' '}
        on their next refresh (the SDK revalidates labels every 60 s by default). The move is
        recorded in the label's history. If someone else moves the label before you confirm, nothing
        changes and you are told.
      </p>
    </ConfirmDialog>
  )
}
