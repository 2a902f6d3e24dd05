/**
 * Regular expressions from prompt content (input `pattern`s, `pattern`/`patternProperties` in
 * `output.schema`, `regex` assertions) are written in JavaScript syntax but matched by RE2
 * (re2js, a pure-JS port), whose time is linear in the input: `^(a+)+$` against 10 000 `a`s and
 * a `b` answers in milliseconds, where a backtracking engine takes longer than the universe.
 *
 * The pattern is first checked as JavaScript (so what was valid stays valid, with V8's message
 * when not), then translated to RE2 syntax keeping JavaScript's meaning where the two differ:
 * `\s` and `.` use JavaScript's character sets, `\uXXXX`/`\u{…}`, `\cX`, `\0`, named groups
 * `(?<n>…)` and `[^]` are rewritten. What RE2 cannot express (lookahead, lookbehind,
 * backreferences) is rejected with the construct named and its position in the pattern.
 * Remaining differences: matching is always by code point (as with the `u` flag), `^`/`$` with
 * the `m` flag break lines only at `\n`, and `i` folds case by Unicode simple folding.
 * @module
 */
import { RE2JS } from 're2js'
import { CanonError } from '../errors'

/** A compiled pattern; safe to share (it keeps no `lastIndex`). */
export interface LinearRegex {
  /** The pattern as written. */
  readonly source: string
  /** Whether the pattern matches anywhere in `input` (like `RegExp.prototype.test`). */
  test(input: string): boolean
  /** The first match: its UTF-16 index and text, or null. */
  exec(input: string): { index: number; text: string } | null
}

/** The ECMAScript `\s` set (WhiteSpace and LineTerminator), as RE2 class ranges. */
const JS_SPACE =
  '\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}'
/** Its complement (`\S`), for use inside a class, where RE2 cannot negate a nested set. */
const JS_NON_SPACE =
  '\\x{0}-\\x{8}\\x{E}-\\x{1F}\\x{21}-\\x{9F}\\x{A1}-\\x{167F}\\x{1681}-\\x{1FFF}\\x{200B}-\\x{2027}\\x{202A}-\\x{202E}\\x{2030}-\\x{205E}\\x{2060}-\\x{2FFF}\\x{3001}-\\x{FEFE}\\x{FF00}-\\x{10FFFF}'
/** JavaScript's `.` without the `s` flag: anything but a line terminator. */
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]'
const ANY = '(?s:.)'
const NOTHING = '[^\\x{0}-\\x{10FFFF}]'

const UNSUPPORTED: Array<[prefix: string, what: string]> = [
  ['(?=', 'a lookahead `(?=`'],
  ['(?!', 'a negative lookahead `(?!`'],
  ['(?<=', 'a lookbehind `(?<=`'],
  ['(?<!', 'a negative lookbehind `(?<!`'],
]

const hex = (cp: number) => `\\x{${cp.toString(16).toUpperCase()}}`
const isAsciiPunctuation = (c: string) => /^[!-/:-@[-`{-~]$/.test(c)

/** Why a pattern is not accepted; `at` is its 0-based position in the pattern. */
class Unsupported extends Error {
  constructor(
    readonly what: string,
    readonly at: number,
  ) {
    super(what)
  }
}

interface Escape {
  /** RE2 text outside a class and inside one (undefined: same). */
  out: string
  inClass?: string
  length: number
}

/** Reads the escape at `source[i] === '\\'`. */
function readEscape(source: string, i: number, unicode: boolean): Escape {
  const c = source[i + 1]
  if (c === undefined) return { out: '\\\\', length: 1 } // `new RegExp` already rejected it
  switch (c) {
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 'b':
    case 'B':
      // `\b` in a class is a backspace; `\B` in a class is an error (u) or a literal `B`.
      return { out: `\\${c}`, inClass: c === 'b' ? hex(8) : c === 'B' ? 'B' : `\\${c}`, length: 2 }
    case 's':
      return { out: `[${JS_SPACE}]`, inClass: JS_SPACE, length: 2 }
    case 'S':
      return { out: `[^${JS_SPACE}]`, inClass: JS_NON_SPACE, length: 2 }
    case 't':
      return { out: hex(9), length: 2 }
    case 'n':
      return { out: hex(10), length: 2 }
    case 'v':
      return { out: hex(11), length: 2 }
    case 'f':
      return { out: hex(12), length: 2 }
    case 'r':
      return { out: hex(13), length: 2 }
    case 'c': {
      const letter = source[i + 2]
      if (letter && /[A-Za-z]/.test(letter)) {
        return { out: hex(letter.charCodeAt(0) % 32), length: 3 }
      }
      return { out: '\\\\c', length: 2 } // Annex B: a literal backslash and `c`
    }
    case 'x': {
      const h = /^[0-9A-Fa-f]{2}/.exec(source.slice(i + 2))
      return h ? { out: hex(Number.parseInt(h[0], 16)), length: 4 } : { out: 'x', length: 2 }
    }
    case 'u': {
      const braced = /^\{([0-9A-Fa-f]+)\}/.exec(source.slice(i + 2))
      if (braced && unicode) {
        return { out: hex(Number.parseInt(braced[1] as string, 16)), length: 2 + braced[0].length }
      }
      const four = /^[0-9A-Fa-f]{4}/.exec(source.slice(i + 2))
      if (!four) return { out: 'u', length: 2 }
      const unit = Number.parseInt(four[0], 16)
      // A surrogate pair written as two escapes is one code point.
      const low = /^\\u(D[C-F][0-9A-F]{2})/i.exec(source.slice(i + 6))
      if (unit >= 0xd800 && unit <= 0xdbff && low) {
        const lo = Number.parseInt(low[1] as string, 16)
        return { out: hex(0x10000 + ((unit - 0xd800) << 10) + (lo - 0xdc00)), length: 12 }
      }
      return { out: hex(unit), length: 6 }
    }
    case 'p':
    case 'P': {
      const prop = /^\{([^}]*)\}/.exec(source.slice(i + 2))
      if (!prop) return { out: c, length: 2 } // non-u: a literal letter
      // RE2 names scripts and general categories bare: `\p{Script=Greek}` is `\p{Greek}`.
      const name = (prop[1] as string).replace(
        /^(?:Script|sc|Script_Extensions|scx|General_Category|gc)=/,
        '',
      )
      return { out: `\\${c}{${name}}`, length: 2 + prop[0].length }
    }
    case 'k':
      if (unicode || /\(\?<[A-Za-z_$]/.test(source)) {
        throw new Unsupported('a named backreference `\\k<…>`', i)
      }
      return { out: 'k', length: 2 }
    case '0':
      if (!/[0-9]/.test(source[i + 2] ?? '')) return { out: hex(0), length: 2 }
      break
  }
  if (/[1-9]/.test(c)) throw new Unsupported(`a backreference \`\\${c}\``, i)
  if (/[0-7]/.test(c)) {
    // Annex B legacy octal escape (only reachable without the u flag).
    const oct = /^[0-7]{1,3}/.exec(source.slice(i + 1)) as RegExpExecArray
    return { out: hex(Number.parseInt(oct[0], 8)), length: 1 + oct[0].length }
  }
  if (isAsciiPunctuation(c)) return { out: `\\${c}`, length: 2 }
  // Annex B identity escape of a letter or other character (only reachable without u):
  // the character itself. RE2 gives some letters meaning (`\A`, `\z`, `\Q`).
  const cp = source.codePointAt(i + 1) as number
  return { out: hex(cp), length: 1 + String.fromCodePoint(cp).length }
}

/** JavaScript pattern syntax → RE2 syntax with the same meaning, or `Unsupported`. */
function translate(source: string, unicode: boolean, dotAll: boolean): string {
  let out = ''
  let i = 0
  let inClass = false
  while (i < source.length) {
    const c = source[i] as string
    if (c === '\\') {
      const e = readEscape(source, i, unicode)
      out += inClass ? (e.inClass ?? e.out) : e.out
      i += e.length
      continue
    }
    if (inClass) {
      if (c === ']') inClass = false
      // A `[` inside a class is literal in JavaScript; RE2 would read `[:alpha:]`.
      out += c === '[' ? '\\[' : c
      i++
      continue
    }
    if (c === '[') {
      if (source.startsWith('[]', i)) {
        out += NOTHING
        i += 2
      } else if (source.startsWith('[^]', i)) {
        out += ANY
        i += 3
      } else {
        inClass = true
        const negated = source[i + 1] === '^'
        out += negated ? '[^' : '['
        i += negated ? 2 : 1
      }
      continue
    }
    if (c === '(') {
      for (const [prefix, what] of UNSUPPORTED) {
        if (source.startsWith(prefix, i)) throw new Unsupported(what, i)
      }
      if (source.startsWith('(?<', i)) {
        out += '(?P<'
        i += 3
        continue
      }
    }
    if (c === '.') {
      out += dotAll ? ANY : JS_DOT
      i++
      continue
    }
    const cp = source.codePointAt(i) as number
    const ch = String.fromCodePoint(cp)
    out += ch
    i += ch.length
  }
  return out
}

/**
 * The body of a pattern that must match the whole input (`^body$`, no top-level `|`), or
 * undefined. re2js answers such a test about 5x faster as an exact match of the body than as a
 * search with anchors; input patterns are usually written this way.
 */
function wholeInputBody(source: string): string | undefined {
  if (!source.startsWith('^') || !source.endsWith('$')) return undefined
  let depth = 0
  let inClass = false
  for (let i = 1; i < source.length - 1; i++) {
    const c = source[i]
    if (c === '\\') i++
    else if (inClass) inClass = c !== ']'
    else if (c === '[') inClass = true
    else if (c === '(') depth++
    else if (c === ')') depth--
    else if ((c === '|' && depth === 0) || c === '^' || c === '$') return undefined
  }
  // The final `$` must be an anchor, not the end of an escape (`\$`) or of a class.
  if (inClass || depth !== 0 || source.length < 2) return undefined
  let slashes = 0
  for (let i = source.length - 2; i >= 0 && source[i] === '\\'; i--) slashes++
  return slashes % 2 === 0 ? source.slice(1, -1) : undefined
}

const cache = new Map<string, LinearRegex>()
const CACHE_LIMIT = 1000

/**
 * Compiles a JavaScript-syntax pattern for linear-time matching. `flags` are JavaScript's:
 * `i`, `m`, `s` and `u` apply, `g`, `y` and `d` are ignored (a test has no state), `v` is
 * refused. Compiled patterns are cached.
 * @throws CanonError VALIDATION_FAILED naming what is wrong, e.g. "uses a lookahead `(?=` (at
 * character 3), which the linear-time regex engine (RE2) does not support"
 * @example linearRegex('^(a+)+$').test(`${'a'.repeat(10_000)}b`) // false, in milliseconds
 */
export function linearRegex(source: string, flags = 'u'): LinearRegex {
  const key = `${flags}/${source}`
  const hit = cache.get(key)
  if (hit) return hit
  const compiled = compile(source, flags)
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
  cache.set(key, compiled)
  return compiled
}

/**
 * Why `source` cannot be used as a pattern, in words that complete "pattern …"; undefined when
 * it can.
 * @example linearRegexProblem('(\\w)\\1') // "uses a backreference `\\1` (at character 4), which the linear-time regex engine (RE2) does not support"
 */
export function linearRegexProblem(source: string, flags = 'u'): string | undefined {
  try {
    linearRegex(source, flags)
    return undefined
  } catch (err) {
    return (err as Error).message
  }
}

function compile(source: string, flags: string): LinearRegex {
  const fail = (message: string): never => {
    throw new CanonError('VALIDATION_FAILED', message)
  }
  if (flags.includes('v')) {
    fail(
      'uses the `v` flag (Unicode sets), which the linear-time regex engine (RE2) does not support; use `u`',
    )
  }
  const jsFlags = flags.replace(/[gyd]/g, '')
  try {
    new RegExp(source, jsFlags)
  } catch (err) {
    fail(`is not a valid regular expression: ${(err as Error).message}`)
  }
  let translated: string
  try {
    translated = translate(source, jsFlags.includes('u'), jsFlags.includes('s'))
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err
    return fail(
      `uses ${err.what} (at character ${err.at + 1}), which the linear-time regex engine (RE2) does not support`,
    )
  }
  const prefix = `${jsFlags.includes('i') ? 'i' : ''}${jsFlags.includes('m') ? 'm' : ''}`
  let re: RE2JS
  try {
    re = RE2JS.compile(prefix ? `(?${prefix})${translated}` : translated)
  } catch (err) {
    const reason = (err as Error).message.replace(/^error parsing regexp: /, '')
    return fail(`cannot be matched by the linear-time regex engine (RE2): ${reason}`)
  }
  // Without `m`, `^…$` means the whole input: an exact match of the body, when RE2 takes it.
  const body = jsFlags.includes('m') ? undefined : wholeInputBody(source)
  let exact: RE2JS | undefined
  if (body !== undefined) {
    try {
      const inner = translate(body, jsFlags.includes('u'), jsFlags.includes('s'))
      exact = RE2JS.compile(prefix ? `(?${prefix})${inner}` : inner)
    } catch {
      exact = undefined
    }
  }
  return {
    source,
    test: exact ? (input) => (exact as RE2JS).testExact(input) : (input) => re.test(input),
    exec(input) {
      const m = re.matcher(input)
      return m.find() ? { index: m.start(), text: m.group() ?? '' } : null
    },
  }
}
