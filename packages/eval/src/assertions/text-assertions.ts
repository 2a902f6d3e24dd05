import type { AssertionSpec } from '@canon/core'
import { distance } from 'fastest-levenshtein'
import { regexAssertionPattern } from './regex-pattern'
import type { AssertionContext, Verdict } from './types'
import { failed, quote, scored, skipped } from './types'

/** `equals` with a string value: trimmed output equals the trimmed value. */
export function equalsText(output: string, expected: string): Verdict {
  const pass = output.trim() === expected.trim()
  return scored(
    pass,
    pass
      ? `output equals ${quote(expected)}`
      : `output ${quote(output.trim())} differs from ${quote(expected)}`,
  )
}

/** `regex`: the pattern matches somewhere in the output (anchor it with ^…$ to match all). */
export function matchesRegex(output: string, spec: AssertionSpec): Verdict {
  if (typeof spec.value !== 'string') return failed('`regex` needs a `value`: the pattern')
  const pattern = regexAssertionPattern(spec.value, spec.flags)
  if (typeof pattern === 'string') return failed(pattern)
  const match = pattern.exec(output)
  return match
    ? scored(true, `output matches /${spec.value}/ at ${quote(match.text, 40)}`)
    : scored(false, `output does not match /${spec.value}/`)
}

/**
 * `levenshtein`: edit distance between trimmed output and reference. An integer `threshold`
 * is the maximum distance (default 5, as promptfoo); a fraction in (0, 1) is the minimum
 * similarity 1 − distance / longer length. The score is always that similarity.
 */
export function levenshtein(output: string, spec: AssertionSpec, ctx: AssertionContext): Verdict {
  const reference = spec.value ?? ctx.case.expected
  if (reference === undefined) return skipped('case has no `expected` to compare with')
  if (typeof reference !== 'string') return failed('`levenshtein` value must be a string')
  const a = output.trim()
  const b = reference.trim()
  const d = distance(a, b)
  const longest = Math.max(a.length, b.length)
  const similarity = longest === 0 ? 1 : 1 - d / longest
  const threshold = spec.threshold ?? 5
  const byRatio = threshold > 0 && threshold < 1
  const pass = byRatio ? similarity >= threshold : d <= threshold
  const limit = byRatio ? `minimum similarity ${threshold}` : `maximum distance ${threshold}`
  return scored(
    pass,
    `edit distance ${d} to ${quote(b, 40)} (similarity ${similarity.toFixed(2)}; ${limit})`,
    similarity,
  )
}

/** `latency`: the call took at most `threshold` ms. */
export function latency(spec: AssertionSpec, ctx: AssertionContext): Verdict {
  if (typeof spec.threshold !== 'number')
    return failed('`latency` needs a `threshold` in milliseconds')
  if (ctx.latencyMs === undefined) return skipped('no latency was measured for this output')
  const pass = ctx.latencyMs <= spec.threshold
  return scored(pass, `latency ${Math.round(ctx.latencyMs)} ms (limit ${spec.threshold} ms)`)
}

/** `cost`: the call cost at most `threshold` USD. */
export function cost(spec: AssertionSpec, ctx: AssertionContext): Verdict {
  if (typeof spec.threshold !== 'number') return failed('`cost` needs a `threshold` in USD')
  if (ctx.costUsd === undefined)
    return skipped('no cost is known for this output (model not in the price table?)')
  const pass = ctx.costUsd <= spec.threshold
  return scored(pass, `cost $${ctx.costUsd.toPrecision(3)} (limit $${spec.threshold})`)
}
