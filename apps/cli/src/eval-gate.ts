import { formatDiagnostic, isCanonError } from '@canon/core'
import {
  type BaselineSource,
  executeEvaluation,
  type PromptEvaluation,
  prepareEvaluation,
} from '@canon/eval'
import { baselineFor, type EvalFlags, evalEnvironmentFor } from './commands/eval'
import type { BaselineCheck, PublishGate } from './commands/publish'
import type { Io } from './io'
import type { RegistryClient } from './registry-client'

export interface EvalGateOptions extends EvalFlags {
  /** The registry whose labelled version each candidate is compared with. */
  client?: RegistryClient
  /**
   * The label whose version a candidate must not be significantly worse than (default
   * `production`); `null` skips the comparison (`canon publish --baseline none`).
   */
  baseline?: string | null
  /** Publish a version whose comparison is inconclusive instead of refusing it (exit 3). */
  allowInconclusive?: boolean
}

/** The provider the publish gate uses when neither `--provider` nor CANON_EVAL_PROVIDER is set. */
export const PUBLISH_GATE_DEFAULT_PROVIDER = 'mock'

/** The label a publish compares with when none is named: the one apps read. */
export const DEFAULT_BASELINE_LABEL = 'production'

/** Recorded in the summary of a version published with `--baseline none`. */
const SKIPPED = 'the comparison with a labelled version was skipped (--baseline none)'

/** What the comparison was, for the publish report. */
function checkOf(evaluation: PromptEvaluation, label: string | null): BaselineCheck {
  const b = evaluation.baseline
  const comparison = evaluation.gate.comparison
  if (b?.kind === 'version' && comparison) {
    return {
      kind: 'compared',
      label: b.label,
      version: b.version,
      digest: b.digest,
      verdict: comparison.verdict,
    }
  }
  if (b?.kind === 'missing') return { kind: 'no-label', label: b.label, reason: b.reason }
  return label === null ? { kind: 'skipped' } : { kind: 'no-label', label, reason: 'not compared' }
}

/**
 * The publish gate: evaluates each new version with the configured provider and cache, and
 * compares it with the version its label points at now (`canon eval --baseline`'s McNemar and
 * paired bootstrap, on the same cases). A failed gate or a regression refuses the version; an
 * inconclusive comparison refuses it too unless `allowInconclusive`. The `EvalSummary` handed to
 * the publish envelope records the baseline it was compared with. Offline (`mock`) unless
 * configured otherwise.
 * @example publishCommand(io, paths, opts, client, createEvalGate(io, { provider: 'mock', client }))
 */
export function createEvalGate(io: Io, options: EvalGateOptions = {}): PublishGate {
  const env = evalEnvironmentFor(io, options, PUBLISH_GATE_DEFAULT_PROVIDER)
  const label = options.baseline === undefined ? DEFAULT_BASELINE_LABEL : options.baseline
  return async (prompt, file) => {
    if (!prompt.evaluation) {
      io.err(
        `canon publish: warning: ${prompt.name} v${prompt.version} has no \`evaluation\` block; it is published without an eval gate\n`,
      )
      return { ok: true }
    }
    try {
      const target = { definition: prompt, file }
      let source: BaselineSource | undefined
      if (label !== null) {
        source = options.client
          ? (await baselineFor(options.client, target, label, 'baseline')).source
          : { kind: 'missing', label, reason: 'no registry to compare with' }
      }
      const prepared = await prepareEvaluation(env, target, source)
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
      if (label === null) summary.gate.noBaseline = { reason: SKIPPED }
      const baseline = checkOf(evaluation, label)
      const reason = gate.reasons[0] ?? 'see canon eval'
      if (gate.outcome === 'pass') return { ok: true, summary, baseline }
      if (gate.outcome === 'inconclusive') {
        if (options.allowInconclusive) return { ok: true, summary, baseline, note: reason }
        return { ok: false, inconclusive: true, reason, baseline }
      }
      return { ok: false, reason, baseline }
    } catch (err) {
      if (!isCanonError(err)) throw err
      return { ok: false, reason: `could not evaluate: ${err.message}` }
    }
  }
}
