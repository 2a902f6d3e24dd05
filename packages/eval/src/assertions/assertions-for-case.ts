import type { AssertionSpec } from '@canon/core'
import type { Case } from '../dataset/case'
import { parseAssertionType } from './assertion-types'

const KEPT_ON_REFUSAL_CASES = new Set(['latency', 'cost'])

/**
 * The assertions to run on one case: the prompt's, then the case's own `assert`.
 *
 * A case with `expected_refusal: true` is judged on whether it declined: of the prompt's
 * assertions only `refusal`, `latency`, `cost` and value-less `llm-rubric` (graded against the
 * case's `criteria`) apply, since content checks such as `json-schema` would fail any refusal.
 * When `expected_refusal` is set (true or false) and no `refusal` check remains, one is added.
 * @example assertionsForCase([{ type: 'json-schema' }], { id: 'jailbreak', expected_refusal: true, … })
 * // [{ type: 'refusal' }]
 */
export function assertionsForCase(
  suite: readonly AssertionSpec[],
  testCase: Case,
): AssertionSpec[] {
  const refusalCase = testCase.expected_refusal === true
  const fromSuite = refusalCase
    ? suite.filter((spec) => {
        const parsed = parseAssertionType(spec.type)
        if (!parsed) return true // Let runAssertion report the unknown type.
        if (parsed.base === 'refusal') return !parsed.negated
        if (parsed.base === 'llm-rubric') return spec.value === undefined
        return KEPT_ON_REFUSAL_CASES.has(parsed.base)
      })
    : [...suite]
  const all = [...fromSuite, ...(testCase.assert ?? [])]
  if (testCase.expected_refusal !== undefined) {
    const hasRefusalCheck = all.some((spec) => parseAssertionType(spec.type)?.base === 'refusal')
    if (!hasRefusalCheck) all.push({ type: 'refusal' })
  }
  return all
}
