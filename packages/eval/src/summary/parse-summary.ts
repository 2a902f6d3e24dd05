import { EVAL_SUMMARY_SCHEMA_VERSION, type EvalSummary } from './types'

export type ParsedSummary = { ok: true; summary: EvalSummary } | { ok: false; error: string }

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Checks an eval summary read back from the registry before a comparison trusts it: the
 * schema version, the identity fields, and every `perCase` entry.
 * @example
 * const parsed = parseEvalSummary(version.evalSummary)
 * if (!parsed.ok) throw new Error(parsed.error)
 */
export function parseEvalSummary(value: unknown): ParsedSummary {
  if (value === undefined || value === null) {
    return { ok: false, error: 'the version was published without an eval summary' }
  }
  if (!isObject(value)) return { ok: false, error: 'the eval summary is not an object' }
  if (value.schemaVersion !== EVAL_SUMMARY_SCHEMA_VERSION) {
    return {
      ok: false,
      error: `the eval summary has schemaVersion ${JSON.stringify(value.schemaVersion)}; this canon reads version ${EVAL_SUMMARY_SCHEMA_VERSION}`,
    }
  }
  for (const key of ['runAt', 'promptDigest', 'datasetDigest', 'provider', 'model'] as const) {
    if (typeof value[key] !== 'string') {
      return { ok: false, error: `the eval summary's \`${key}\` is missing or not a string` }
    }
  }
  if (!Array.isArray(value.perCase)) {
    return { ok: false, error: 'the eval summary has no `perCase` list to compare with' }
  }
  const seen = new Set<string>()
  for (const [i, entry] of value.perCase.entries()) {
    const ok =
      isObject(entry) &&
      typeof entry.id === 'string' &&
      typeof entry.pass === 'boolean' &&
      typeof entry.score === 'number' &&
      entry.score >= 0 &&
      entry.score <= 1 &&
      (entry.error === undefined || entry.error === true)
    if (!ok) {
      return {
        ok: false,
        error: `the eval summary's perCase[${i}] is not {id, pass, score 0..1}`,
      }
    }
    if (seen.has(entry.id as string)) {
      return { ok: false, error: `the eval summary lists case \`${entry.id}\` twice` }
    }
    seen.add(entry.id as string)
  }
  return { ok: true, summary: value as unknown as EvalSummary }
}
