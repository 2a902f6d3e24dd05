import { type LinearRegex, linearRegex, linearRegexProblem } from '@canon/core'

/**
 * The pattern of a `regex` assertion, compiled for linear-time matching (RE2 via core's
 * `linearRegex`): an assertion comes from a prompt or dataset and must not stall an eval run.
 * Returns the problem in words instead when the pattern cannot be used.
 * @example regexAssertionPattern('^(?=x)', undefined) // "the pattern uses a lookahead `(?=` (at character 2), …"
 */
export function regexAssertionPattern(value: string, flags: unknown): LinearRegex | string {
  const jsFlags = typeof flags === 'string' ? flags : ''
  const problem = linearRegexProblem(value, jsFlags)
  if (problem === undefined) return linearRegex(value, jsFlags)
  const syntax = /^is not a valid regular expression: (.*)$/s.exec(problem)
  return syntax ? `invalid regular expression: ${syntax[1]}` : `the pattern ${problem}`
}
