/**
 * Substring assertions with promptfoo's meaning: `contains`, `icontains`, `contains-any`,
 * `contains-all`, `icontains-any`, `icontains-all` and `starts-with`. The output is taken as
 * it is (no trimming); numbers in `value` count as their text (`contains: 42`).
 * @module
 */
import type { AssertionSpec } from '@canon/core'
import type { AssertionContext, Verdict } from './types'
import { failed, quote, scored, skipped } from './types'
import { valueList } from './value-list'

const isText = (v: unknown): v is string | number =>
  (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v))

function finder(output: string, ignoreCase: boolean): (needle: string) => boolean {
  const haystack = ignoreCase ? output.toLowerCase() : output
  return (needle) => haystack.includes(ignoreCase ? needle.toLowerCase() : needle)
}

const listed = (items: readonly string[]) => items.map((n) => quote(n)).join(', ')

/**
 * `contains` / `icontains`: the text appears in the output. A list (Canon's addition, and what
 * the case's `expected_substr` may hold) means all of them.
 * @example containsText('Refund issued', ['refund'], true) // pass: output contains "refund" (ignoring case)
 */
export function containsText(
  output: string,
  needles: readonly string[],
  ignoreCase: boolean,
): Verdict {
  const has = finder(output, ignoreCase)
  const how = ignoreCase ? ' (ignoring case)' : ''
  const missing = needles.filter((n) => !has(n))
  return missing.length === 0
    ? scored(true, `output contains ${listed(needles)}${how}`)
    : scored(false, `output does not contain ${listed(missing)}${how}`)
}

/** `contains` / `icontains` with their value, or the case's `expected_substr`. */
export function contains(spec: AssertionSpec, ctx: AssertionContext, ignoreCase: boolean): Verdict {
  const name = ignoreCase ? 'icontains' : 'contains'
  const value = spec.value ?? ctx.case.expected_substr
  if (value === undefined) return skipped('case has no `expected_substr` to look for')
  if (isText(value)) return containsText(ctx.output, [String(value)], ignoreCase)
  if (Array.isArray(value) && value.length > 0 && value.every(isText)) {
    return containsText(ctx.output, value.map(String), ignoreCase)
  }
  return failed(`\`${name}\` value must be a string, a number or a list of them`)
}

/** `contains-any`, `contains-all`, `icontains-any`, `icontains-all`. */
export function containsSome(
  spec: AssertionSpec,
  output: string,
  mode: 'any' | 'all',
  ignoreCase: boolean,
): Verdict {
  const name = `${ignoreCase ? 'i' : ''}contains-${mode}`
  const list = valueList(spec.value, name)
  if (!list.ok) return failed(list.message)
  const has = finder(output, ignoreCase)
  const how = ignoreCase ? ' (ignoring case)' : ''
  const found = list.items.filter(has)
  if (mode === 'any') {
    return found.length > 0
      ? scored(true, `output contains ${listed(found)}${how}`)
      : scored(false, `output contains none of ${listed(list.items)}${how}`)
  }
  const missing = list.items.filter((n) => !has(n))
  return missing.length === 0
    ? scored(true, `output contains all of ${listed(list.items)}${how}`)
    : scored(false, `output does not contain ${listed(missing)}${how}`)
}

/** `starts-with`: the output begins with the text, exactly (leading whitespace counts). */
export function startsWith(spec: AssertionSpec, output: string): Verdict {
  if (typeof spec.value !== 'string' || spec.value === '') {
    return failed('`starts-with` needs a `value`: the text the output must begin with')
  }
  return output.startsWith(spec.value)
    ? scored(true, `output starts with ${quote(spec.value)}`)
    : scored(
        false,
        `output starts with ${quote(output.slice(0, Math.max(spec.value.length, 20)))}, not ${quote(spec.value)}`,
      )
}
