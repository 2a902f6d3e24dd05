import type { AssertionSpec } from '@canon/core'
import type { Verdict } from './types'
import { failed, scored } from './types'

/** Whitespace-separated words, as promptfoo counts them. */
export function countWords(text: string): number {
  return text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0).length
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0

/** The bounds a `word-count` asks for: `value: n` (exact), `value: {min, max}`, or top-level `min`/`max`. */
export function wordCountBounds(
  spec: Readonly<Record<string, unknown>>,
): { ok: true; min?: number; max?: number } | { ok: false; message: string; key?: string } {
  const { value } = spec
  if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')) {
    const n = Number(value)
    return isCount(n)
      ? { ok: true, min: n, max: n }
      : { ok: false, key: 'value', message: '`word-count` value must be a whole number ≥ 0' }
  }
  const bounds =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : value === undefined
        ? spec
        : undefined
  if (!bounds) {
    return { ok: false, key: 'value', message: '`word-count` value must be a number or {min, max}' }
  }
  const { min, max } = bounds
  if (min === undefined && max === undefined) {
    return { ok: false, message: '`word-count` needs a `value` (exact count) or `min`/`max`' }
  }
  for (const [key, v] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (v !== undefined && !isCount(v)) {
      return { ok: false, key, message: `\`${key}\` must be a whole number ≥ 0` }
    }
  }
  if (isCount(min) && isCount(max) && min > max) {
    return { ok: false, key: 'min', message: `\`min\` (${min}) is larger than \`max\` (${max})` }
  }
  const out: { ok: true; min?: number; max?: number } = { ok: true }
  if (isCount(min)) out.min = min
  if (isCount(max)) out.max = max
  return out
}

/**
 * `word-count`: an exact count (`value: 50`, as promptfoo) or a range (`value: {min, max}`,
 * or `min`/`max` beside `type`).
 * @example wordCount('one two three', { type: 'word-count', value: 3 }) // pass: output has 3 words (exactly 3 wanted)
 */
export function wordCount(output: string, spec: AssertionSpec): Verdict {
  const bounds = wordCountBounds(spec)
  if (!bounds.ok) return failed(bounds.message)
  const { min, max } = bounds
  const words = countWords(output)
  const pass = (min === undefined || words >= min) && (max === undefined || words <= max)
  const range =
    min !== undefined && min === max
      ? `exactly ${min}`
      : min !== undefined && max !== undefined
        ? `${min}–${max}`
        : min !== undefined
          ? `at least ${min}`
          : `at most ${max}`
  return scored(
    pass,
    `output has ${words} ${words === 1 ? 'word' : 'words'} (${range} ${min === max ? 'wanted' : 'allowed'})`,
  )
}
