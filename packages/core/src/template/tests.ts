/**
 * The tests templates may use with `is`, as Jinja2 3.1 defines them.
 * @module
 */
import type { Node } from 'nunjucks/src/nodes'
import {
  Callable,
  compare,
  contains,
  eq,
  isFloat,
  isGenerator,
  isNumber,
  isPlainObject,
  Markup,
  num,
  renderError,
  str,
  typeName,
} from './py-value'

/** Python's `value % 2` for the odd/even tests (floats allowed, sign of the divisor). */
function pyMod2(v: unknown, test: string): number {
  if (!isNumber(v)) throw renderError(`\`${test}\` needs a number, got ${typeName(v)}`)
  const n = num(v)
  return ((n % 2) + 2) % 2
}

/** A test: how many arguments it takes after the value, and its body. */
export interface TestDef {
  params: number
  fn: (value: unknown, arg: unknown) => boolean
}

const t = (params: number, fn: TestDef['fn']): TestDef => ({ params, fn })

function isStringLike(v: unknown): boolean {
  return typeof v === 'string' || v instanceof Markup
}

/** Tests by name. */
export const TESTS: Readonly<Record<string, TestDef>> = Object.assign(
  Object.create(null) as Record<string, TestDef>,
  {
    boolean: t(0, (v) => typeof v === 'boolean'),
    callable: t(0, (v) => v instanceof Callable),
    defined: t(0, (v) => v !== undefined),
    divisibleby: t(1, (v, n) => {
      const d = num(n)
      if (d === 0) throw renderError('integer division or modulo by zero')
      return num(v) % d === 0
    }),
    eq: t(1, (v, o) => eq(v, o)),
    escaped: t(0, (v) => v instanceof Markup),
    even: t(0, (v) => pyMod2(v, 'even') === 0),
    false: t(0, (v) => v === false),
    float: t(0, (v) => isFloat(v)),
    ge: t(1, (v, o) => compare(v, o, '>=') >= 0),
    gt: t(1, (v, o) => compare(v, o, '>') > 0),
    in: t(1, (v, seq) => contains(seq, v)),
    integer: t(0, (v) => typeof v === 'number' && Number.isInteger(v)),
    iterable: t(
      0,
      (v) => v === undefined || isStringLike(v) || Array.isArray(v) || isPlainObject(v),
    ),
    le: t(1, (v, o) => compare(v, o, '<=') <= 0),
    lower: t(0, (v) => {
      const s = str(v)
      return s.toLowerCase() === s && s.toUpperCase() !== s
    }),
    lt: t(1, (v, o) => compare(v, o, '<') < 0),
    mapping: t(0, (v) => isPlainObject(v)),
    ne: t(1, (v, o) => !eq(v, o)),
    none: t(0, (v) => v === null),
    number: t(0, (v) => isNumber(v)),
    odd: t(0, (v) => pyMod2(v, 'odd') === 1),
    sequence: t(
      0,
      (v) =>
        v === undefined ||
        isStringLike(v) ||
        (Array.isArray(v) && !isGenerator(v)) ||
        isPlainObject(v),
    ),
    string: t(0, (v) => isStringLike(v)),
    true: t(0, (v) => v === true),
    undefined: t(0, (v) => v === undefined),
    upper: t(0, (v) => {
      const s = str(v)
      return s.toUpperCase() === s && s.toLowerCase() !== s
    }),
  },
)
Object.assign(TESTS, {
  '==': TESTS.eq,
  equalto: TESTS.eq,
  '!=': TESTS.ne,
  '<': TESTS.lt,
  lessthan: TESTS.lt,
  '<=': TESTS.le,
  '>': TESTS.gt,
  greaterthan: TESTS.gt,
  '>=': TESTS.ge,
})

/** The test name and arguments of `x is name` / `x is name(args)` / `x is none`. */
export function testParts(right: Node): { name: string; args: Node[] } {
  if (right.typename === 'FunCall') {
    return {
      name: String((right.name as Node).value),
      args: ((right.args as Node | null)?.children as Node[] | undefined) ?? [],
    }
  }
  if (right.typename === 'Literal') {
    return { name: right.value === null ? 'none' : String(right.value), args: [] }
  }
  return { name: String(right.value), args: [] }
}
