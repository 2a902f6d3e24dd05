import type { Api } from '../api/client'
import type { VersionStatus } from '../api/types'
import { ConfirmDialog } from './confirm-dialog'

const EXPLAIN: Record<VersionStatus, string> = {
  deprecated:
    'It is still served, with a Deprecation header, so apps keep working while you move them to a newer version.',
  retired:
    'It is no longer served: requests for it answer 410 Gone. Labels must point elsewhere first.',
  active: 'It is served normally again, without a Deprecation header.',
}

const VERB: Record<VersionStatus, string> = {
  deprecated: 'Deprecate',
  retired: 'Retire',
  active: 'Reactivate',
}

/** Confirms and performs a lifecycle change of one version. */
export function StatusDialog(props: {
  api: Api
  name: string
  version: number
  status: VersionStatus
  onDone: (message: string) => void
  onClose: () => void
}) {
  const { name, version, status } = props
  return (
    <ConfirmDialog
      title={`${VERB[status]} ${name} v${version}?`}
      confirmLabel={`${VERB[status]} v${version}`}
      tone={status === 'active' ? 'default' : 'danger'}
      onClose={props.onClose}
      onConfirm={async () => {
        await props.api.setStatus(name, version, status)
        props.onDone(`v${version} is now ${status}.`)
      }}
    >
      <p>{EXPLAIN[status]}</p>
    </ConfirmDialog>
  )
}

export { VERB as STATUS_VERB }
