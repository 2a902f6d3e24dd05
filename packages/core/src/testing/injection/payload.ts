/**
 * The shape of a template-injection payload and how it is armed: the JavaScript it runs writes a
 * marker file, so a test can tell whether it ran.
 * @module
 */

/** What the finished engine must do with a payload. */
export type PayloadExpectation =
  /** Rejected at validate (and by `PUT`, and at SDK load) with `file:line:col`. */
  | 'rejected'
  /** Accepted; renders inertly (or fails at render with a `CanonError`), printing no function. */
  | 'inert'
  /**
   * Either of the two, as long as every path agrees: the engine may reject the construct
   * statically or make it harmless at render time (e.g. `x[k]` reads only own data properties).
   */
  | 'rejected-or-inert'

/** What unsandboxed nunjucks (its own `renderString`) does with the payload: the self-check. */
export type PlainNunjucksOutcome =
  /** The payload's JavaScript runs and writes the marker. */
  | 'executes'
  /** It prints a function's source (`[native code]` or JavaScript). */
  | 'prints-function'
  /** No code runs (it may render text or throw). */
  | 'harmless'

/**
 * The input values every payload prompt declares (all as required inputs of their JSON type) and
 * is rendered with. `t` holds template code as data: it must print as text, never run.
 */
export function payloadInputs(code: PayloadCode): PayloadInputs {
  return {
    x: 'hello',
    k: 'constructor',
    path: 'constructor.constructor',
    t: `{{ range.constructor("${code.js}")() }}`,
    items: [{ name: 'a' }, { name: 'b' }],
    d: { key: 'value' },
  }
}

/** The values of {@link payloadInputs} (a type alias, so it is a `Record<string, unknown>`). */
export type PayloadInputs = {
  x: string
  k: string
  path: string
  t: string
  items: { name: string }[]
  d: { key: string }
}

/** How a payload can run code: the JavaScript, and the forms it takes in each context. */
export interface PayloadCode {
  /** JavaScript that writes the marker; uses only single quotes. */
  js: string
  /**
   * A template name that breaks out of a double-quoted JavaScript string: `a"&Function`…```&"`,
   * the code hex-escaped so the name holds no delimiter the nunjucks lexer stops at (I9).
   */
  breakout: string
}

/** One corpus entry. `template` builds the template from the armed code. */
export interface InjectionPayload {
  /** Unique, kebab-case; also the payload's file name. */
  id: string
  category:
    | 'constructor-chain'
    | 'attribute-filter'
    | 'name-injection'
    | 'include-import-extends'
    | 'prototype-access'
    | 'function-source'
    | 'jinja2-python'
    | 'data-not-code'
    | 'resource-limit'
  /** Where the technique comes from (see the module comment). */
  source: string
  template(code: PayloadCode): string
  expect: PayloadExpectation
  plainNunjucks: PlainNunjucksOutcome
  /** Strings the output must never contain (beyond function source), e.g. a polluted value. */
  forbiddenOutput?: readonly string[]
  /** For inert payloads whose output is known exactly (data must stay data). */
  exactOutput?: (code: PayloadCode, inputs: PayloadInputs) => string
}

/** JavaScript that writes `marker` when run: no `require`, so it works in CommonJS and ESM. */
export function markerJs(marker: string): string {
  if (/['"\\`\n]/.test(marker)) throw new Error(`marker path must not need quoting: ${marker}`)
  return `global.process.getBuiltinModule('fs').writeFileSync('${marker}','pwned')`
}

/** Every character outside `[A-Za-z0-9]` as `\xHH`, so the result is one nunjucks name token. */
function hexEscape(js: string): string {
  return js.replace(/[^A-Za-z0-9]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/** The armed code for a marker path. */
export function payloadCode(marker: string): PayloadCode {
  const js = markerJs(marker)
  return { js, breakout: `a"&Function\`${hexEscape(js)}\`\`\`&"` }
}

/** Output that shows a function leaked: its source or a native stub. */
export const FUNCTION_SOURCE = /\[native code\]|function\s*[\w$]*\s*\(|=>/
