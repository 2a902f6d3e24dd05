import type { AssertionSpec } from '@canon/core'
import { allAssertionTypeNames, parseAssertionType } from './assertion-types'
import { containsJson } from './contains-json'
import { didYouMeanSuffix } from './did-you-mean'
import { equalsJson, isJson, jsonPath, jsonSchema } from './json-assertions'
import { llmRubric } from './llm-rubric'
import { refusal } from './refusal'
import { similar } from './similar'
import { leniencyNote } from './strict-reading'
import { contains, containsSome, startsWith } from './substring-assertions'
import { cost, equalsText, latency, levenshtein, matchesRegex } from './text-assertions'
import type { AssertionContext, AssertionResult, Verdict } from './types'
import { failed, skipped } from './types'
import { wordCount } from './word-count'

function equals(spec: AssertionSpec, ctx: AssertionContext): Verdict {
  if (spec.value !== undefined) {
    // As promptfoo: objects, lists and null compare as JSON; strings, numbers, booleans as text.
    return typeof spec.value === 'object'
      ? equalsJson(ctx.output, spec.value)
      : equalsText(ctx.output, String(spec.value))
  }
  if (ctx.case.expected !== undefined) return equalsText(ctx.output, ctx.case.expected)
  if (ctx.case.expected_json !== undefined) return equalsJson(ctx.output, ctx.case.expected_json)
  return skipped('case has no `expected` or `expected_json` to compare with')
}

async function evaluate(
  base: string,
  spec: AssertionSpec,
  ctx: AssertionContext,
): Promise<Verdict> {
  const { output } = ctx
  switch (base) {
    case 'equals':
      return equals(spec, ctx)
    case 'contains':
      return contains(spec, ctx, false)
    case 'icontains':
      return contains(spec, ctx, true)
    case 'contains-any':
      return containsSome(spec, output, 'any', false)
    case 'contains-all':
      return containsSome(spec, output, 'all', false)
    case 'icontains-any':
      return containsSome(spec, output, 'any', true)
    case 'icontains-all':
      return containsSome(spec, output, 'all', true)
    case 'starts-with':
      return startsWith(spec, output)
    case 'contains-json':
      return containsJson(output, spec)
    case 'regex':
      return matchesRegex(output, spec)
    case 'is-json':
      return isJson(output, spec)
    case 'json-schema':
      return jsonSchema(output, spec, ctx)
    case 'json-path':
      return jsonPath(output, spec, ctx)
    case 'levenshtein':
      return levenshtein(output, spec, ctx)
    case 'word-count':
      return wordCount(output, spec)
    case 'latency':
      return latency(spec, ctx)
    case 'cost':
      return cost(spec, ctx)
    case 'refusal':
      return refusal(output, spec, ctx)
    case 'similar':
      return similar(output, spec, ctx)
    case 'llm-rubric':
      return llmRubric(output, spec, ctx)
    default:
      return failed(`assertion type \`${base}\` is not implemented`)
  }
}

/**
 * Runs one assertion on one output. Never throws: a provider failure or a bad option becomes a
 * result with `error` set and `pass: false`. `not-` forms invert pass and score of a scored
 * result; errors and skips are never inverted.
 * @example
 * await runAssertion({ type: 'icontains', value: 'refund' }, { output: 'Refund issued', case: c })
 * // { type: 'icontains', pass: true, score: 1, reason: 'output contains "refund" (ignoring case)', weight: 1 }
 */
export async function runAssertion(
  spec: AssertionSpec,
  ctx: AssertionContext,
): Promise<AssertionResult> {
  const weight = typeof spec.weight === 'number' && spec.weight >= 0 ? spec.weight : 1
  const base: Pick<AssertionResult, 'type' | 'weight' | 'metric'> = {
    type: String(spec.type),
    weight,
  }
  if (typeof spec.metric === 'string') base.metric = spec.metric

  const parsed = typeof spec.type === 'string' ? parseAssertionType(spec.type) : undefined
  let verdict: Verdict
  if (!parsed) {
    verdict = failed(
      `unknown assertion type \`${String(spec.type)}\`${didYouMeanSuffix(String(spec.type), allAssertionTypeNames())}`,
    )
  } else {
    try {
      verdict = await evaluate(parsed.base, spec, ctx)
    } catch (err) {
      verdict = failed(err instanceof Error ? err.message : String(err))
    }
  }

  switch (verdict.kind) {
    case 'error':
      return { ...base, pass: false, score: 0, reason: verdict.message, error: verdict.message }
    case 'skipped':
      return { ...base, pass: true, score: 1, reason: `skipped: ${verdict.reason}`, skipped: true }
    case 'scored': {
      const score = Math.min(1, Math.max(0, verdict.score))
      const result: AssertionResult = parsed?.negated
        ? { ...base, pass: !verdict.pass, score: 1 - score, reason: verdict.reason }
        : { ...base, pass: verdict.pass, score, reason: verdict.reason }
      const lenient = parsed && leniencyNote(parsed.base, spec, ctx, verdict.pass)
      if (lenient) result.lenient = lenient
      return result
    }
  }
}
