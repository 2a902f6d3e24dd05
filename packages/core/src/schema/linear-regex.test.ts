import { describe, expect, it } from 'vitest'
import { linearRegex, linearRegexProblem } from './linear-regex'

const EVIL = `${'a'.repeat(10_000)}!`

/** The verdict, and the fastest of three runs in ms (a loaded machine may stall any one). */
function timed<T>(fn: () => T): { value: T; ms: number } {
  let ms = Number.POSITIVE_INFINITY
  let value = fn()
  for (let i = 0; i < 3; i++) {
    const start = performance.now()
    value = fn()
    ms = Math.min(ms, performance.now() - start)
  }
  return { value, ms }
}

describe('linearRegex', () => {
  it('answers catastrophic-backtracking patterns in linear time', () => {
    // A backtracking engine needs ~2^10000 steps here (2 s already at 28 characters).
    for (const pattern of ['^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '(a+a+)+b', '^(\\w+\\s?)*$']) {
      const { value, ms } = timed(() => linearRegex(pattern).test(EVIL))
      expect(value).toBe(false)
      expect(ms).toBeLessThan(200)
    }
    const { value, ms } = timed(() => linearRegex('^(a+)+$').test(`${'a'.repeat(10_000)}b`))
    expect([value, ms < 200]).toEqual([false, true])
    expect(linearRegex('^(a+)+$').test('a'.repeat(10_000))).toBe(true)
  })

  it('keeps JavaScript meanings where RE2 differs', () => {
    // \s is JavaScript's (no-break space, vertical tab, BOM), also inside classes.
    expect(linearRegex('^\\s$').test('\u00a0')).toBe(true)
    expect(linearRegex('^\\s$').test('\v')).toBe(true)
    expect(linearRegex('^[\\s]$').test('\ufeff')).toBe(true)
    expect(linearRegex('^[^\\S]$').test('\u2028')).toBe(true)
    expect(linearRegex('^[\\S]$').test(' ')).toBe(false)
    expect(linearRegex('^\\S+$').test('héllo')).toBe(true)
    // `.` stops at every JavaScript line terminator; with `s` it does not.
    expect(linearRegex('^.$').test('\r')).toBe(false)
    expect(linearRegex('^.$').test('\u2028')).toBe(false)
    expect(linearRegex('^.$', 's').test('\n')).toBe(true)
    expect(linearRegex('^.$').test('😀')).toBe(true)
    // Escapes and groups written the JavaScript way.
    expect(linearRegex('^\\u00e9\\u{1F600}\\x41\\cJ\\0$').test('é😀A\n\0')).toBe(true)
    expect(linearRegex('^\\uD83D\\uDE00$').test('😀')).toBe(true)
    expect(linearRegex('^(?<year>\\d{4})-\\d{2}$').test('2024-03')).toBe(true)
    expect(linearRegex('^[^]$').test('\n')).toBe(true)
    expect(linearRegex('[]').test('anything')).toBe(false)
    expect(linearRegex('^[[:alpha:]]$', '').test(':]')).toBe(true) // a JS class, then `]`
    expect(linearRegex('^\\d+$').test('١٢')).toBe(false) // \d is ASCII in both
    expect(linearRegex('^\\p{Script=Greek}+$').test('αβγ')).toBe(true)
    expect(linearRegex('^\\p{Lu}').test('Émile')).toBe(true)
    // Without `u`, Annex B identity escapes are the letter itself (RE2's `\A` is an anchor).
    expect(linearRegex('^\\A\\z$', '').test('Az')).toBe(true)
    expect(linearRegex('^\\u{2}$', '').test('uu')).toBe(true)
  })

  it('applies the JavaScript flags i, m and s, and ignores g and y', () => {
    expect(linearRegex('^hello$', 'i').test('HeLLo')).toBe(true)
    expect(linearRegex('^b$', 'm').test('a\nb\nc')).toBe(true)
    expect(linearRegex('^b$').test('a\nb\nc')).toBe(false)
    expect(linearRegex('a.c', 'gs').test('a\nc')).toBe(true)
    const re = linearRegex('b+', 'gy')
    expect(re.test('abbb')).toBe(true)
    expect(re.test('abbb')).toBe(true) // no lastIndex state
  })

  it('answers whole-input patterns (^…$) as JavaScript does', () => {
    const cases: Array<[string, string, string]> = [
      ['^a$|^b$', 'b', ''],
      ['^(a|b)$', 'b', ''],
      ['^(a|b)$', 'ab', ''],
      ['^a\\$', 'a$', ''],
      ['^[$]$', '$', ''],
      ['^$', '', ''],
      ['^$', 'x', ''],
      ['^A$', 'a', 'i'],
      ['^.$', '\n', 's'],
      ['^a$', 'b\na', 'm'],
      ['^a$', 'a\n', ''],
      ['^[A-Z]{3}$', 'USDX', 'u'],
    ]
    for (const [pattern, input, flags] of cases) {
      expect([pattern, input, linearRegex(pattern, flags).test(input)]).toEqual([
        pattern,
        input,
        new RegExp(pattern, flags).test(input),
      ])
    }
  })

  it('reports the first match with its text and index', () => {
    expect(linearRegex('urgent|asap', 'i').exec('Please reply ASAP, thanks')).toEqual({
      index: 13,
      text: 'ASAP',
    })
    expect(linearRegex('b+').exec('😀bb')).toEqual({ index: 2, text: 'bb' })
    expect(linearRegex('z').exec('abc')).toBeNull()
  })

  it('rejects what RE2 cannot express, naming the construct and where it is', () => {
    expect(linearRegexProblem('^(?=.*\\d).{8,}$')).toBe(
      'uses a lookahead `(?=` (at character 2), which the linear-time regex engine (RE2) does not support',
    )
    expect(linearRegexProblem('^(?!admin$)')).toMatch(
      /a negative lookahead `\(\?!` \(at character 2\)/,
    )
    expect(linearRegexProblem('(?<=\\$)\\d+')).toMatch(/a lookbehind `\(\?<=` \(at character 1\)/)
    expect(linearRegexProblem('(?<!x)y')).toMatch(/a negative lookbehind/)
    expect(linearRegexProblem('^(\\w)\\1$')).toBe(
      'uses a backreference `\\1` (at character 6), which the linear-time regex engine (RE2) does not support',
    )
    expect(linearRegexProblem('(?<q>["\'])\\w+\\k<q>')).toMatch(/a named backreference `\\k<…>`/)
    // Inside a class, `(?=` is three characters, not a lookahead.
    expect(linearRegexProblem('^[(?=]+$')).toBeUndefined()
    expect(linearRegexProblem('^a{2,1000}$')).toBeUndefined()
    expect(linearRegexProblem('^a{1001}$')).toBe(
      'cannot be matched by the linear-time regex engine (RE2): invalid repeat count: `{1001}`',
    )
    expect(linearRegexProblem('\\p{Letter}')).toMatch(
      /cannot be matched by the linear-time regex engine \(RE2\): invalid character class range/,
    )
    expect(linearRegexProblem('[a-z]', 'v')).toMatch(/`v` flag/)
  })

  it('rejects invalid JavaScript regular expressions with the engine’s reason', () => {
    expect(linearRegexProblem('(unclosed')).toMatch(
      /^is not a valid regular expression: .*Unterminated group/,
    )
    expect(() => linearRegex('a{2,1}')).toThrow(/not a valid regular expression/)
  })
})
