import { CanonError } from '../errors'
import type { InputSpec } from '../model'
import { type LinearRegex, linearRegex } from '../schema/linear-regex'
import { closestName } from './did-you-mean'
import { FORBIDDEN_KEYS } from './safety-rules'
import { createVars } from './template-vars'

/**
 * Checks one render's variables against the prompt's `inputs` and returns the values to
 * render with: a fresh object with nothing from `Object.prototype` behind it, defaults applied.
 */
export type InputChecker = (vars: Record<string, unknown>) => Record<string, unknown>

interface FieldCheck {
  name: string
  required: boolean
  default: unknown
  /** The name is also an `Object.prototype` member (`toString`), so reads need an own-check. */
  inherited: boolean
  /** Returns a problem description, or undefined when the value is fine. */
  check: (value: unknown) => string | undefined
}

const checkers = new WeakMap<Record<string, InputSpec>, InputChecker>()

/**
 * Checks variables against input specs (SPEC §1: strict rendering): missing required
 * inputs, wrong types, `enum`, `maxLength`, `pattern`, and unknown names (typo protection)
 * are `RENDER_FAILED` errors naming the input; all problems are reported at once.
 * @example
 * checkInputs({ n: { type: 'integer', required: false, default: 3 } }, {}) // { n: 3 }
 * checkInputs({ n: { type: 'integer', required: true } }, {})
 * // throws CanonError RENDER_FAILED "missing required input `n`"
 */
export function checkInputs(
  inputs: Record<string, InputSpec>,
  vars: Record<string, unknown>,
): Record<string, unknown> {
  return inputChecker(inputs)(vars)
}

/** The checker for a set of input specs, compiled once (patterns, enums) and cached. */
export function inputChecker(inputs: Record<string, InputSpec>): InputChecker {
  let checker = checkers.get(inputs)
  if (!checker) {
    checker = createInputChecker(inputs)
    checkers.set(inputs, checker)
  }
  return checker
}

function createInputChecker(inputs: Record<string, InputSpec>): InputChecker {
  const fields: FieldCheck[] = Object.entries(inputs).map(([name, spec]) => ({
    name,
    required: spec.required,
    default: spec.default,
    inherited: name in Object.prototype,
    check: compileCheck(name, spec),
  }))
  const known = new Set(fields.map((f) => f.name))
  const hasOwn = Object.hasOwn

  return (vars) => {
    if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) {
      throw new CanonError(
        'RENDER_FAILED',
        `inputs must be an object of named values, got ${describe(vars)}`,
      )
    }
    const out = createVars()
    let problems: string[] | undefined
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as FieldCheck
      let value = vars[f.name]
      if (f.inherited && !hasOwn(vars, f.name)) value = undefined
      if (value === undefined) {
        if (f.default !== undefined) out[f.name] = f.default
        else if (f.required) problems = addProblem(problems, `missing required input \`${f.name}\``)
        continue
      }
      const problem = f.check(value)
      if (problem) problems = addProblem(problems, problem)
      else out[f.name] = value
    }
    for (const key in vars) {
      if (!known.has(key) && hasOwn(vars, key))
        problems = addProblem(problems, unknownInput(key, known))
    }
    if (problems) {
      throw new CanonError('RENDER_FAILED', problems.join('; '), { details: { problems } })
    }
    return out
  }
}

function addProblem(problems: string[] | undefined, problem: string): string[] {
  if (!problems) return [problem]
  problems.push(problem)
  return problems
}

function compileCheck(name: string, spec: InputSpec): FieldCheck['check'] {
  const label = `input \`${name}\``
  if (FORBIDDEN_KEYS.has(name)) {
    throw new CanonError('VALIDATION_FAILED', `${label} has a reserved name; choose another`)
  }
  const checks: FieldCheck['check'][] = [typeCheck(label, spec.type)]
  if (spec.enum) {
    const allowed = spec.enum
    const keys = new Set(allowed.map(enumKey))
    const list = allowed.map((v) => JSON.stringify(v)).join(', ')
    checks.push((v) =>
      keys.has(enumKey(v)) ? undefined : `${label} must be one of ${list}, got ${show(v)}`,
    )
  }
  if (spec.maxLength !== undefined) {
    const max = spec.maxLength
    checks.push((v) => {
      if (typeof v === 'string') {
        // JSON Schema counts code points; `length` (UTF-16 units) is an upper bound, so
        // only long strings pay for counting.
        if (v.length <= max) return undefined
        const n = codePoints(v)
        return n <= max ? undefined : `${label} is ${n} characters long, more than maxLength ${max}`
      }
      if (Array.isArray(v) && v.length > max) {
        return `${label} has ${v.length} items, more than maxLength ${max}`
      }
      return undefined
    })
  }
  if (spec.pattern !== undefined) {
    // Linear-time matching: a pattern from a prompt must not be able to stall the app.
    let re: LinearRegex
    try {
      re = linearRegex(spec.pattern, 'u')
    } catch (err) {
      throw new CanonError(
        'VALIDATION_FAILED',
        `${label} has an invalid pattern: it ${(err as Error).message}`,
      )
    }
    checks.push((v) =>
      typeof v !== 'string' || re.test(v)
        ? undefined
        : `${label} does not match pattern /${spec.pattern}/`,
    )
  }
  const [first, second] = checks as [FieldCheck['check'], FieldCheck['check'] | undefined]
  if (checks.length === 1) return first
  if (checks.length === 2 && second) return (v) => first(v) ?? second(v)
  return (v) => {
    for (let i = 0; i < checks.length; i++) {
      const problem = (checks[i] as FieldCheck['check'])(v)
      if (problem) return problem
    }
    return undefined
  }
}

function typeCheck(label: string, type: InputSpec['type']): FieldCheck['check'] {
  const fail = (v: unknown) => `${label} must be ${article(type)} ${type}, got ${describe(v)}`
  switch (type) {
    case 'string':
      return (v) => (typeof v === 'string' ? undefined : fail(v))
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : fail(v))
    case 'integer':
      return (v) => (Number.isInteger(v) ? undefined : fail(v))
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? undefined : fail(v))
    case 'array':
      return (v) => (Array.isArray(v) ? undefined : fail(v))
    case 'object':
      return (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : fail(v))
    default:
      throw new CanonError('VALIDATION_FAILED', `${label} has unknown type \`${String(type)}\``)
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a'
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN'
    if (!Number.isFinite(v)) return String(v)
    return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`
  }
  if (typeof v === 'string') return `a string (${show(v)})`
  if (typeof v === 'object') return 'an object'
  return `${article(typeof v)} ${typeof v}`
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v)
  return s.length > 40 ? `${s.slice(0, 37)}...` : s
}

function enumKey(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? `json:${JSON.stringify(v)}` : v
}

function codePoints(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

function unknownInput(key: string, known: ReadonlySet<string>): string {
  const best = closestName(key, known)
  if (best) return `unknown input \`${key}\` (did you mean \`${best}\`?)`
  const declared = known.size
    ? `declared inputs: ${[...known].join(', ')}`
    : 'the prompt declares no inputs'
  return `unknown input \`${key}\` (${declared})`
}
