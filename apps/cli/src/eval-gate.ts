import { formatDiagnostic, isCanonError, type PromptDefinition, promptDigest } from '@canon/core'
import { executeEvaluation, prepareEvaluation } from '@canon/eval'
import { type EvalFlags, evalEnvironmentFor } from './commands/eval'
import type { PublishGate } from './commands/publish'
import type { Io } from './io'
import type { RegistryClient } from './registry-client'

export interface EvalGateOptions extends EvalFlags {
  /**
   * Asked first whether the version is already published: an identical version is `unchanged`
   * and a different one a conflict either way, so neither is evaluated again (CI publishes on
   * every push; only new versions should cost an evaluation). Leave unset for dry runs.
   */
  client?: RegistryClient
}

/** The provider the publish gate uses when neither `--provider` nor CANON_EVAL_PROVIDER is set. */
export const PUBLISH_GATE_DEFAULT_PROVIDER = 'mock'

async function alreadyPublished(client: RegistryClient, prompt: PromptDefinition) {
  try {
    const { body } = await client.getVersion(prompt.name, prompt.version)
    return body.digest === promptDigest(prompt) ? 'unchanged' : 'conflict'
  } catch (err) {
    if (isCanonError(err) && err.code === 'NOT_FOUND') return undefined
    throw err
  }
}

/**
 * The publish gate (SPEC §2: validate → eval gate → publish): evaluates each new version with the
 * configured provider and cache, refuses it when the gate does not pass, and hands the
 * `EvalSummary` to the publish envelope. Offline (`mock`) unless configured otherwise.
 * @example publishCommand(io, paths, opts, client, createEvalGate(io, { provider: 'mock', client }))
 */
export function createEvalGate(io: Io, options: EvalGateOptions = {}): PublishGate {
  const env = evalEnvironmentFor(io, options, PUBLISH_GATE_DEFAULT_PROVIDER)
  return async (prompt, file) => {
    if (!prompt.evaluation) {
      io.err(
        `canon publish: warning: ${prompt.name} v${prompt.version} has no \`evaluation\` block; it is published without an eval gate\n`,
      )
      return { ok: true }
    }
    if (options.client && (await alreadyPublished(options.client, prompt))) return { ok: true }
    try {
      const prepared = await prepareEvaluation(env, { definition: prompt, file })
      if ('diagnostics' in prepared) {
        const first = prepared.diagnostics[0]
        const more =
          prepared.diagnostics.length > 1 ? ` (+${prepared.diagnostics.length - 1} more)` : ''
        return {
          ok: false,
          reason: `${first ? formatDiagnostic(first) : 'the dataset did not load'}${more}`,
        }
      }
      const evaluation = await executeEvaluation(prepared, { cwd: io.cwd })
      const missed = evaluation.run.cases.filter((c) => c.error?.kind === 'cache-miss')
      if (missed.length > 0) {
        return {
          ok: false,
          reason: `--cache replay has no recorded response for ${missed.length} case(s) (${missed[0]?.id}, …); run canon eval --cache record first`,
        }
      }
      const { gate, summary } = evaluation
      if (gate.outcome === 'pass') return { ok: true, summary }
      return { ok: false, reason: `${gate.outcome}: ${gate.reasons[0] ?? 'see canon eval'}` }
    } catch (err) {
      if (!isCanonError(err)) throw err
      return { ok: false, reason: `could not evaluate: ${err.message}` }
    }
  }
}
