import {
  ASSERTION_OPTION_KEYS,
  allAssertionTypeNames,
  type BaseAssertionType,
  COMMON_ASSERTION_KEYS,
  parseAssertionType,
} from './assertion-types'
import { didYouMeanSuffix } from './did-you-mean'
import { parseJsonPath } from './json-path'
import { regexAssertionPattern } from './regex-pattern'
import { valueList } from './value-list'
import { wordCountBounds } from './word-count'

/** One problem in an assertion; `key` names the offending field, when there is one. */
export interface AssertionProblem {
  key?: string
  message: string
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isStringList = (v: unknown): boolean =>
  typeof v === 'string' ||
  (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string'))

function checkValue(base: BaseAssertionType, spec: Record<string, unknown>): AssertionProblem[] {
  const value = spec.value
  const has = value !== undefined
  const problem = (message: string): AssertionProblem[] => [{ key: 'value', message }]
  switch (base) {
    case 'contains':
    case 'icontains':
      if (value === '') return problem(`\`${base}\` value must not be empty`)
      return has &&
        !(
          isFiniteNumber(value) ||
          isStringList(value) ||
          (Array.isArray(value) &&
            value.length > 0 &&
            value.every((v) => typeof v === 'string' || isFiniteNumber(v)))
        )
        ? problem(`\`${base}\` value must be a string, a number or a list of them`)
        : []
    case 'contains-any':
    case 'contains-all':
    case 'icontains-any':
    case 'icontains-all': {
      if (!has) return problem(`\`${base}\` needs a \`value\`: a list of strings`)
      const list = valueList(value, base)
      return list.ok ? [] : problem(list.message)
    }
    case 'starts-with':
      return typeof value === 'string' && value !== ''
        ? []
        : problem('`starts-with` needs a `value`: the text the output must begin with')
    case 'similar':
      return has && !isStringList(value)
        ? problem(`\`${base}\` value must be a string or a list of strings`)
        : []
    case 'regex': {
      if (!has) return problem('`regex` needs a `value`: the pattern')
      if (typeof value !== 'string') return problem('`regex` value must be a string')
      const flags = spec.flags
      if (flags !== undefined && (typeof flags !== 'string' || !/^[dgimsuyv]*$/.test(flags))) {
        return [{ key: 'flags', message: '`flags` must be regex flags such as `i` or `ms`' }]
      }
      const pattern = regexAssertionPattern(value, flags)
      return typeof pattern === 'string' ? problem(pattern) : []
    }
    case 'is-json':
    case 'contains-json':
    case 'json-schema':
      return has &&
        typeof value !== 'boolean' &&
        (typeof value !== 'object' || value === null || Array.isArray(value))
        ? problem(`\`${base}\` value must be a JSON Schema object`)
        : []
    case 'refusal':
      return has && typeof value !== 'boolean'
        ? problem('`refusal` value must be true (must refuse) or false (must answer)')
        : []
    case 'llm-rubric':
    case 'levenshtein':
      return has && typeof value !== 'string' ? problem(`\`${base}\` value must be a string`) : []
    default:
      return []
  }
}

function checkThreshold(base: BaseAssertionType, threshold: unknown): AssertionProblem[] {
  const problem = (message: string): AssertionProblem[] => [{ key: 'threshold', message }]
  if (threshold === undefined) {
    return base === 'latency' || base === 'cost'
      ? problem(
          `\`${base}\` needs a \`threshold\` (${base === 'latency' ? 'milliseconds' : 'USD'})`,
        )
      : []
  }
  if (!isFiniteNumber(threshold)) return problem('`threshold` must be a number')
  switch (base) {
    case 'similar':
    case 'llm-rubric':
      return threshold < 0 || threshold > 1 ? problem('`threshold` must be between 0 and 1') : []
    case 'levenshtein':
      return threshold < 0 || (threshold > 1 && !Number.isInteger(threshold))
        ? problem(
            '`threshold` must be a whole number (maximum edit distance) or a fraction between 0 and 1 (minimum similarity)',
          )
        : []
    case 'latency':
    case 'cost':
      return threshold < 0 ? problem('`threshold` must not be negative') : []
    default:
      return []
  }
}

function checkOptions(base: BaseAssertionType, spec: Record<string, unknown>): AssertionProblem[] {
  const problems: AssertionProblem[] = []
  if (base === 'json-path') {
    if (typeof spec.path !== 'string') {
      problems.push({ key: 'path', message: '`json-path` needs a `path`, e.g. `$.urgency`' })
    } else {
      try {
        parseJsonPath(spec.path)
      } catch (err) {
        problems.push({ key: 'path', message: (err as Error).message })
      }
    }
  }
  if (base === 'word-count') {
    const bounds = wordCountBounds(spec)
    if (!bounds.ok) {
      problems.push(
        bounds.key ? { key: bounds.key, message: bounds.message } : { message: bounds.message },
      )
    }
  }
  return problems
}

/**
 * Checks one assertion from a prompt file or a dataset case; an empty list means it is usable.
 * @example validateAssertionSpec({ type: 'contians', value: 'x' })
 * // [{ key: 'type', message: 'unknown assertion type `contians` (did you mean `contains`?)' }]
 */
export function validateAssertionSpec(spec: unknown): AssertionProblem[] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return [{ message: 'an assertion must be an object with a `type`' }]
  }
  const record = spec as Record<string, unknown>
  if (typeof record.type !== 'string' || record.type === '') {
    return [{ key: 'type', message: 'an assertion needs a `type`, e.g. `contains`' }]
  }
  const parsed = parseAssertionType(record.type)
  if (!parsed) {
    return [
      {
        key: 'type',
        message: `unknown assertion type \`${record.type}\`${didYouMeanSuffix(record.type, allAssertionTypeNames())}`,
      },
    ]
  }
  const { base } = parsed
  const problems: AssertionProblem[] = []
  const allowed = [...COMMON_ASSERTION_KEYS, ...ASSERTION_OPTION_KEYS[base]]
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      problems.push({
        key,
        message: `\`${record.type}\` has no option \`${key}\`${didYouMeanSuffix(key, allowed)}`,
      })
    }
  }
  const { weight, metric } = record
  if (weight !== undefined && !(isFiniteNumber(weight) && weight >= 0)) {
    problems.push({ key: 'weight', message: '`weight` must be a number ≥ 0' })
  }
  if (metric !== undefined && (typeof metric !== 'string' || metric === '')) {
    problems.push({ key: 'metric', message: '`metric` must be a non-empty name' })
  }
  problems.push(...checkValue(base, record), ...checkThreshold(base, record.threshold))
  problems.push(...checkOptions(base, record))
  return problems
}
