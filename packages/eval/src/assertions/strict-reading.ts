/**
 * Canon reads outputs a little more leniently than promptfoo, on purpose: `equals` and
 * `levenshtein` trim surrounding whitespace (a YAML block scalar ends in a newline, models add
 * one), JSON assertions accept an output that is one fenced code block, and a `levenshtein`
 * threshold below 1 is a minimum similarity. This module says when that leniency decided a
 * verdict, i.e. promptfoo's strict reading would have given the opposite one, so reports can
 * show it case by case.
 * @module
 */
import type { AssertionSpec } from '@canon/core'
import { distance } from 'fastest-levenshtein'
import type { BaseAssertionType } from './assertion-types'
import { extractJson } from './extract-json'
import type { AssertionContext } from './types'

/** The output is JSON only once a surrounding code fence is taken off. */
function jsonOnlyInFence(output: string): boolean {
  try {
    JSON.parse(output)
    return false
  } catch {
    return extractJson(output).ok
  }
}

const JSON_READERS: ReadonlySet<BaseAssertionType> = new Set([
  'is-json',
  'json-schema',
  'json-path',
])

/**
 * Why Canon's verdict differs from promptfoo's strict reading, or undefined when it does not.
 * `basePass` is the verdict before a `not-` prefix (the note holds for both forms).
 * @example leniencyNote('equals', { type: 'equals', value: 'Yes' }, ctx('Yes\n'), true)
 * // 'equal only after trimming surrounding whitespace (promptfoo compares exactly)'
 */
export function leniencyNote(
  base: BaseAssertionType,
  spec: AssertionSpec,
  ctx: AssertionContext,
  basePass: boolean,
): string | undefined {
  const { output } = ctx
  if (base === 'equals') {
    const expected =
      spec.value !== undefined ? spec.value : (ctx.case.expected ?? ctx.case.expected_json)
    if (
      typeof expected === 'object' ||
      (spec.value === undefined && ctx.case.expected === undefined)
    ) {
      return basePass && jsonOnlyInFence(output) ? FENCE : undefined
    }
    return basePass && output !== String(expected)
      ? 'equal only after trimming surrounding whitespace (promptfoo compares exactly)'
      : undefined
  }
  if (JSON_READERS.has(base)) return basePass && jsonOnlyInFence(output) ? FENCE : undefined
  if (base === 'levenshtein') {
    const reference = spec.value ?? ctx.case.expected
    if (typeof reference !== 'string') return undefined
    const threshold = spec.threshold ?? 5
    const strictPass = distance(output, reference) <= threshold
    if (strictPass === basePass) return undefined
    return threshold > 0 && threshold < 1
      ? `threshold ${threshold} read as a minimum similarity (promptfoo reads it as a maximum edit distance)`
      : 'edit distance measured after trimming surrounding whitespace (promptfoo measures the raw output)'
  }
  return undefined
}

const FENCE =
  'JSON read from inside a ``` code fence (promptfoo parses the raw output and would not)'
