/**
 * Writes a prompt's A/B flag through the Unleash admin API, in the shape the SDK reads
 * (`prompt.<name>`, a flexibleRollout strategy whose variants carry `{"version": n}`).
 * @module
 */
import { CanonError } from '@canon/core'
import { promptFlagName } from '../flags/resolve-variant'
import type { SplitArm } from './split'

/** Where and as whom to write. */
export interface UnleashAdmin {
  /** The Unleash server, e.g. `http://localhost:4242` (a trailing `/api` is fine). */
  url: string
  /** An admin token or personal access token. */
  token: string
  /** Default `default`. */
  project?: string
  /** Default `development`. */
  environment?: string
  fetch?: typeof fetch
}

/** A strategy variant as the admin API takes it. */
export interface StrategyVariant {
  name: string
  weight: number
  weightType: 'variable' | 'fix'
  stickiness: 'default'
  payload: { type: 'json'; value: string }
}

/** What `writeRollout` did. */
export interface RolloutResult {
  flag: string
  project: string
  environment: string
  /** The flag did not exist and was created. */
  created: boolean
  /** `created` or `updated` strategy. */
  strategy: 'created' | 'updated'
  strategyId: string
  variants: StrategyVariant[]
  /** Other strategies on the flag that may take precedence over ours. */
  otherStrategies: string[]
}

/**
 * The strategy variants of a split. Unleash re-balances `variable` weights equally among
 * themselves, so only the largest arm is `variable` and the others are pinned with `fix`.
 */
export function rolloutVariants(arms: readonly SplitArm[]): StrategyVariant[] {
  const largest = arms.reduce(
    (best, a, i) => (a.percent > (arms[best]?.percent ?? -1) ? i : best),
    0,
  )
  return arms.map((arm, i) => ({
    name: `v${arm.version}`,
    weight: Math.round(arm.percent * 10),
    weightType: i === largest ? 'variable' : 'fix',
    stickiness: 'default',
    payload: { type: 'json', value: JSON.stringify({ version: arm.version }) },
  }))
}

/**
 * Creates or updates the flag `prompt.<name>` so that users split across versions as `arms`
 * say (sticky on userId, then sessionId), and turns it on in the environment.
 * @example await writeRollout({ url, token }, 'SummarizeSupportTicket', parseSplit('1:90,2:10'))
 */
export async function writeRollout(
  admin: UnleashAdmin,
  prompt: string,
  arms: readonly SplitArm[],
): Promise<RolloutResult> {
  const api = adminApi(admin)
  const flag = promptFlagName(prompt)
  const feature = `/projects/${encodeURIComponent(api.project)}/features/${encodeURIComponent(flag)}`
  const env = `${feature}/environments/${encodeURIComponent(api.environment)}`

  const existing = await api.call('GET', feature, undefined, [404])
  const created = existing.status === 404
  if (created) {
    await api.call('POST', `/projects/${encodeURIComponent(api.project)}/features`, {
      name: flag,
      type: 'experiment',
      description: `A/B rollout of prompt ${prompt} versions (written by canon rollout)`,
    })
  }
  const variants = rolloutVariants(arms)
  const body = {
    name: 'flexibleRollout',
    title: `canon rollout ${arms.map((a) => `v${a.version} ${a.percent}%`).join(' / ')}`,
    constraints: [],
    parameters: { rollout: '100', stickiness: 'default', groupId: flag },
    variants,
  }
  const strategies = (await api.call('GET', `${env}/strategies`)).body as Array<{
    id: string
    name: string
    title?: string
    parameters?: { groupId?: string }
  }>
  const ours = strategies.find(
    (s) => s.name === 'flexibleRollout' && s.parameters?.groupId === flag,
  )
  let strategyId: string
  if (ours) {
    await api.call('PUT', `${env}/strategies/${encodeURIComponent(ours.id)}`, body)
    strategyId = ours.id
  } else {
    const res = await api.call('POST', `${env}/strategies`, body)
    strategyId = String((res.body as { id?: unknown }).id ?? '')
  }
  await api.call('POST', `${env}/on`)
  return {
    flag,
    project: api.project,
    environment: api.environment,
    created,
    strategy: ours ? 'updated' : 'created',
    strategyId,
    variants,
    otherStrategies: strategies.filter((s) => s !== ours).map((s) => s.title || s.name),
  }
}

/** Turns the flag off: every user gets the label again. False when there is no such flag. */
export async function disableRollout(admin: UnleashAdmin, prompt: string): Promise<boolean> {
  const api = adminApi(admin)
  const flag = promptFlagName(prompt)
  const env = `/projects/${encodeURIComponent(api.project)}/features/${encodeURIComponent(flag)}/environments/${encodeURIComponent(api.environment)}`
  const res = await api.call('POST', `${env}/off`, undefined, [404])
  return res.status !== 404
}

function adminApi(admin: UnleashAdmin) {
  let base: URL
  try {
    base = new URL(admin.url)
  } catch {
    throw new CanonError('CONFIG_INVALID', `the Unleash URL is not a URL: ${admin.url}`)
  }
  const root = `${base.origin}${base.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}/api/admin`
  const doFetch = admin.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init))
  const project = admin.project ?? 'default'
  const environment = admin.environment ?? 'development'

  async function call(
    method: string,
    path: string,
    body?: unknown,
    accept: number[] = [],
  ): Promise<{ status: number; body: unknown }> {
    let res: Response
    try {
      res = await doFetch(`${root}${path}`, {
        method,
        headers: {
          authorization: admin.token,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      })
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message
      throw new CanonError('UNAVAILABLE', `cannot reach Unleash at ${base.origin} (${cause})`, {
        cause: err,
      })
    }
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // Keep the text: it goes into the error message.
    }
    if (res.ok || accept.includes(res.status)) return { status: res.status, body: parsed }
    const detail =
      typeof parsed === 'object' && parsed !== null
        ? String(
            (parsed as { message?: unknown; details?: Array<{ message?: string }> }).details?.[0]
              ?.message ??
              (parsed as { message?: unknown }).message ??
              text,
          )
        : text.slice(0, 200)
    const hint =
      res.status === 401 || res.status === 403
        ? ' (the token must be an admin or personal access token allowed to edit this project)'
        : ''
    throw new CanonError(
      res.status === 401
        ? 'UNAUTHORIZED'
        : res.status === 403
          ? 'FORBIDDEN'
          : res.status === 404
            ? 'NOT_FOUND'
            : 'UPSTREAM_FAILED',
      `Unleash ${method} ${path}: ${res.status} ${detail}${hint}`,
      { details: { status: res.status } },
    )
  }
  return { call, project, environment }
}
