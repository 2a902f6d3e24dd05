/**
 * The template-injection corpus (issue 9): known server-side template injection payloads for
 * nunjucks and Jinja2, from public research, each armed so that running its code writes a marker
 * file. The tests that use it (core's self-check and fuzz test, the CLI's cross-path harness)
 * assert the marker never appears and the renderer never crashes.
 *
 * Sources, cited per payload:
 * - PAT: swisskyrie/PayloadsAllTheThings, "Server Side Template Injection" (JavaScript → Nunjucks,
 *   Python → Jinja2).
 * - HT: HackTricks, "SSTI (Server Side Template Injection)" (Jinja2 and NodeJS sections).
 * - NJ271 / NJ1048: mozilla/nunjucks issues #271 and #1048 (sandbox escapes through
 *   `constructor`); NJ338: mozilla/nunjucks PR #338 (`a.constructor.__proto__.constructor`).
 * - J549: pallets/jinja issue #549 (sandbox escapes through format and attribute lookups).
 * - I9: Canon issue 9 (names with `"`, backtick, `\` and `&` pasted into nunjucks' generated
 *   JavaScript; attribute filters reading past the property check; printing function source).
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

const P = (p: InjectionPayload) => p

/** The corpus. */
export const INJECTION_PAYLOADS: readonly InjectionPayload[] = [
  // ── Constructor chains to `Function` ─────────────────────────────────────────────────────
  P({
    id: 'range-constructor',
    category: 'constructor-chain',
    source: 'PAT Nunjucks; NJ271',
    template: (c) => `{{ range.constructor("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'cycler-constructor',
    category: 'constructor-chain',
    source: 'PAT Nunjucks; HT NodeJS',
    template: (c) => `{{ cycler.constructor("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'joiner-constructor',
    category: 'constructor-chain',
    source: 'PAT Nunjucks',
    template: (c) => `{{ joiner.constructor("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'joiner-result-constructor',
    category: 'constructor-chain',
    source: 'NJ1048 (a function returned by an allowed global)',
    template: (c) => `{% set j = joiner() %}{{ j.constructor("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'cycler-method-constructor',
    category: 'constructor-chain',
    source: 'NJ1048 (a method of an allowed object)',
    template: (c) => `{% set cy = cycler("a") %}{{ cy.next.constructor("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'loop-constructor',
    category: 'constructor-chain',
    source: 'HT NodeJS (any object reaches Object, then Function)',
    template: (c) =>
      `{% for i in [1] %}{{ loop.constructor.constructor("${c.js}")() }}{% endfor %}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'caller-constructor',
    category: 'constructor-chain',
    source: 'I9 (caller is a function)',
    template: (c) =>
      `{% macro m() %}{{ caller.constructor("${c.js}")() }}{% endmacro %}{% call m() %}x{% endcall %}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'macro-constructor',
    category: 'constructor-chain',
    source: 'I9 (a macro is a function)',
    template: (c) => `{% macro m() %}x{% endmacro %}{{ m.constructor("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'super-constructor',
    category: 'constructor-chain',
    source: 'I9 (super() in a block)',
    template: (c) =>
      `{% block body %}{{ super().constructor.constructor("${c.js}")() }}{% endblock %}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'string-proto-constructor',
    category: 'constructor-chain',
    source: 'NJ338 a.constructor.__proto__.constructor',
    template: (c) => `{{ x.constructor.__proto__.constructor("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'literal-constructor',
    category: 'constructor-chain',
    source: 'PAT Nunjucks (any literal reaches Function)',
    template: (c) => `{{ "".constructor.constructor("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'array-literal-constructor',
    category: 'constructor-chain',
    source: 'HT NodeJS',
    template: (c) => `{{ [].constructor.constructor("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'subscript-constructor',
    category: 'constructor-chain',
    source: 'PAT Nunjucks (subscript instead of dot)',
    template: (c) => `{{ range["constructor"]("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'concatenated-key-constructor',
    category: 'constructor-chain',
    source: 'NJ1048 (key built at render time)',
    template: (c) => `{{ range["constr" ~ "uctor"]("${c.js}")() }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'variable-key-constructor',
    category: 'constructor-chain',
    source: 'I9 (k = "constructor" from an input)',
    template: (c) => `{{ range[k]("${c.js}")() }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'set-key-constructor',
    category: 'constructor-chain',
    source: 'I9 (k = "constructor" from a set)',
    template: (c) => `{% set kk = "constructor" %}{{ x[kk][kk]("${c.js}")() }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'dict-value-constructor',
    category: 'constructor-chain',
    source: 'HT NodeJS (object literal)',
    template: (c) => `{% set o = {a: 1} %}{{ o.constructor.constructor("${c.js}")() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),

  // ── Filters that take an attribute name ──────────────────────────────────────────────────
  P({
    id: 'sort-attribute-variable',
    category: 'attribute-filter',
    source: 'I9 sort(false, false, k)',
    template: () => `{{ items | sort(false, false, k) | join(",", k) }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  }),
  P({
    id: 'sort-attribute-literal',
    category: 'attribute-filter',
    source: 'I9 sort(false, false, "constructor")',
    template: () => `{{ items | sort(false, false, "constructor") | first }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'sort-attribute-kwarg-path',
    category: 'attribute-filter',
    source: 'J549 (dotted attribute path)',
    template: () => `{{ items | sort(attribute=path) | join(",", path) }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'selectattr-variable',
    category: 'attribute-filter',
    source: 'I9 selectattr(k)',
    template: () => `{% for i in items | selectattr(k) %}{{ i.name }}{% endfor %}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'rejectattr-literal',
    category: 'attribute-filter',
    source: 'I9 rejectattr("constructor")',
    template: () => `[{% for i in items | rejectattr("constructor") %}{{ i.name }}{% endfor %}]`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'join-attribute-literal',
    category: 'attribute-filter',
    source: 'I9 join(attribute=…); nunjucks join(arr, sep, attr)',
    template: () => `{{ items | join(", ", "constructor") }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  }),
  P({
    id: 'join-attribute-kwarg-variable',
    category: 'attribute-filter',
    source: 'I9 join(", ", attribute=k)',
    template: () => `{{ items | join(", ", attribute=path) }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'map-attribute-variable',
    category: 'attribute-filter',
    source: 'PAT Jinja2 map(attribute=…)',
    template: () => `{{ items | map(attribute=k) | join(",") }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'map-attribute-literal-path',
    category: 'attribute-filter',
    source: 'PAT Jinja2 map(attribute="…")',
    template: () => `{{ items | map(attribute="constructor.constructor") | join(",") }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'groupby-attribute-variable',
    category: 'attribute-filter',
    source: 'I9 groupby(k): the group key is the function',
    template: () => `{% for key, g in items | groupby(k) %}{{ key }}{% endfor %}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'groupby-attribute-literal',
    category: 'attribute-filter',
    source: 'I9 groupby("constructor")',
    template: () => `{{ items | groupby("constructor") | dictsort | first | first }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'sum-attribute-literal',
    category: 'attribute-filter',
    source: 'I9 sum(attribute=…); nunjucks sum(arr, attr)',
    template: () => `{{ items | sum("constructor") }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  }),
  P({
    id: 'sum-attribute-kwarg-variable',
    category: 'attribute-filter',
    source: 'I9 sum(attribute=k)',
    template: () => `{{ items | sum(attribute=path) }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'unique-attribute-variable',
    category: 'attribute-filter',
    source: 'I9 unique(attribute=k)',
    template: () => `{{ items | unique(attribute=k) | length }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'dictsort-by-constructor',
    category: 'attribute-filter',
    source: 'I9 dictsort',
    template: () => `{{ d | dictsort(false, k) | first | first }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'attr-filter',
    category: 'attribute-filter',
    source: 'PAT Jinja2 |attr("__class__") filter bypass',
    template: () => `{{ x | attr("constructor") | attr("constructor") }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),

  // ── Names: every naming position with a quote/backtick breakout (I9) ─────────────────────
  P({
    id: 'name-set-target',
    category: 'name-injection',
    source: 'I9 {% set %} target',
    template: (c) => `{% set ${c.breakout} = 1 %}ok`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'name-block-set-target',
    category: 'name-injection',
    source: 'I9 {% set %}…{% endset %} target',
    template: (c) => `{% set ${c.breakout} %}x{% endset %}ok`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'name-for-variable',
    category: 'name-injection',
    source: 'I9 for loop variable',
    template: (c) => `{% for ${c.breakout} in [1] %}ok{% endfor %}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'name-for-key',
    category: 'name-injection',
    source: 'I9 for key name',
    template: (c) => `{% for ${c.breakout}, v in d %}ok{% endfor %}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'name-for-value',
    category: 'name-injection',
    source: 'I9 for value name',
    template: (c) => `{% for key, ${c.breakout} in d %}ok{% endfor %}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'name-macro',
    category: 'name-injection',
    source: 'I9 macro name',
    template: (c) => `{% macro ${c.breakout}() %}x{% endmacro %}ok`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'name-macro-parameter',
    category: 'name-injection',
    source: 'I9 macro parameter',
    template: (c) => `{% macro m(${c.breakout}) %}x{% endmacro %}{{ m(1) }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'name-macro-keyword-default',
    category: 'name-injection',
    source: 'I9 macro keyword parameter',
    template: (c) => `{% macro m(${c.breakout}=1) %}x{% endmacro %}{{ m() }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'name-call-keyword-argument',
    category: 'name-injection',
    source: 'I9 keyword argument at a call site',
    template: (c) => `{% macro m(a=1) %}x{% endmacro %}{{ m(${c.breakout}=1) }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'name-caller-parameter',
    category: 'name-injection',
    source: 'I9 {% call(args) %} parameter',
    template: (c) =>
      `{% macro m() %}{{ caller(1) }}{% endmacro %}{% call(${c.breakout}) m() %}x{% endcall %}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'name-block',
    category: 'name-injection',
    source: 'I9 block name',
    template: (c) => `{% block ${c.breakout} %}x{% endblock %}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'name-attribute',
    category: 'name-injection',
    source: 'I9 attribute after `.`',
    template: (c) => `{{ d.${c.breakout} }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'name-variable',
    category: 'name-injection',
    source: 'I9 variable name',
    template: (c) => `{{ ${c.breakout} }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'name-filter',
    category: 'name-injection',
    source: 'I9 filter name (pasted into env.getFilter("…"))',
    template: (c) => `{{ x | ${c.breakout} }}`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'name-test',
    category: 'name-injection',
    source: 'I9 test name (pasted into env.getTest("…"))',
    template: (c) => `{% if x is ${c.breakout} %}y{% endif %}ok`,
    expect: 'rejected',
    plainNunjucks: 'executes',
  }),
  P({
    id: 'name-backslash',
    category: 'name-injection',
    source: 'I9 backslash in a name escapes the closing quote',
    template: () => '{% set a\\ = 1 %}{% set b = "x" %}ok',
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'name-backtick',
    category: 'name-injection',
    source: 'I9 backtick in a name',
    template: () => '{% set a` = 1 %}ok',
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'name-ampersand',
    category: 'name-injection',
    source: 'I9 & in a name',
    template: () => '{% set a&b = 1 %}ok',
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'name-dollar',
    category: 'name-injection',
    source: 'I9 names must match ^[A-Za-z_][A-Za-z0-9_]*$',
    template: () => '{% set $a = 1 %}{{ $a }}',
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),

  // ── include / import / extends ───────────────────────────────────────────────────────────
  P({
    id: 'include-file',
    category: 'include-import-extends',
    source: 'PAT Nunjucks (read files through the loader)',
    template: () => `{% include "/etc/passwd" %}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'include-variable',
    category: 'include-import-extends',
    source: 'HT (template name from input)',
    template: () => `{% include x ignore missing %}ok`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'import-as',
    category: 'include-import-extends',
    source: 'HT',
    template: () => `{% import "macros.njk" as m %}{{ m.f() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'from-import-breakout',
    category: 'include-import-extends',
    source: 'I9 from-import name (pasted into generated JavaScript)',
    template: (c) => `{% from "macros.njk" import f as ${c.breakout} %}ok`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'extends',
    category: 'include-import-extends',
    source: 'HT',
    template: () => `{% extends "base.njk" %}{% block body %}x{% endblock %}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),

  // ── Prototype access ─────────────────────────────────────────────────────────────────────
  P({
    id: 'proto-dict-key',
    category: 'prototype-access',
    source: 'I9 __proto__ in a dict literal',
    template: () => `{% set o = {"__proto__": { "polluted": "POLLUTED" } } %}{{ o.polluted }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
    forbiddenOutput: ['POLLUTED'],
  }),
  P({
    id: 'constructor-dict-key',
    category: 'prototype-access',
    source: 'I9 constructor in a dict literal',
    template: () => `{% set o = {"constructor": "own"} %}{{ o.constructor }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'proto-lookup',
    category: 'prototype-access',
    source: 'NJ338',
    template: () => `{{ x.__proto__ }}{{ d["__proto__"] }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'prototype-lookup',
    category: 'prototype-access',
    source: 'NJ1048',
    template: () => `{{ range.prototype }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'proto-set-target',
    category: 'prototype-access',
    source: 'I9 __proto__ as a set target',
    template: () => `{% set __proto__ = d %}{{ key }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'constructor-set-target',
    category: 'prototype-access',
    source: 'I9 constructor as a set target',
    template: () => `{% set constructor = "c" %}{{ constructor }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'inherited-method',
    category: 'prototype-access',
    source: 'I9 own data properties only (no inherited members)',
    template: () => `{{ d.toString }}{{ d.hasOwnProperty }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  }),

  // ── Printing functions ───────────────────────────────────────────────────────────────────
  P({
    id: 'sort-first-range',
    category: 'function-source',
    source: 'I9 {{ [range]|sort|first }}',
    template: () => `{{ [range] | sort | first }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  }),
  P({
    id: 'print-global',
    category: 'function-source',
    source: 'I9 nothing prints a function',
    template: () => `{{ range }}{{ cycler }}{{ joiner }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  }),
  P({
    id: 'print-macro',
    category: 'function-source',
    source: 'I9 a macro printed as a value',
    template: () => `{% macro m() %}x{% endmacro %}{{ m }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  }),
  P({
    id: 'print-string-method',
    category: 'function-source',
    source: 'I9 documented string members are callable, never printable',
    template: () => `{{ x.upper }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'string-filter-of-function',
    category: 'function-source',
    source: 'I9 string filter on a function',
    template: () => `{{ joiner | string }}{{ cycler | list | join }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),

  // ── Jinja2 (Python) payloads: must be rejected or render inertly ─────────────────────────
  P({
    id: 'jinja-class-mro-subclasses',
    category: 'jinja2-python',
    source: "PAT Jinja2 ''.__class__.__mro__[1].__subclasses__()",
    template: () => `{{ ''.__class__.__mro__[1].__subclasses__() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'jinja-class-base',
    category: 'jinja2-python',
    source: 'PAT Jinja2 x.__class__.__base__',
    template: () => `{{ x.__class__.__base__ }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'jinja-cycler-globals',
    category: 'jinja2-python',
    source: 'PAT Jinja2 cycler.__init__.__globals__.os.popen',
    template: () => `{{ cycler.__init__.__globals__.os.popen('id').read() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'jinja-joiner-globals',
    category: 'jinja2-python',
    source: 'PAT Jinja2 joiner.__init__.__globals__',
    template: () => `{{ joiner.__init__.__globals__.os.popen('id').read() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'jinja-self-template-reference',
    category: 'jinja2-python',
    source: 'HT Jinja2 self._TemplateReference__context',
    template: () => `{{ self._TemplateReference__context.cycler.__init__.__globals__.os }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'jinja-lipsum',
    category: 'jinja2-python',
    source: "PAT Jinja2 lipsum.__globals__['os']",
    template: () => `{{ lipsum.__globals__['os'].popen('id').read() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'jinja-request',
    category: 'jinja2-python',
    source: 'HT Jinja2 (Flask) request.application.__globals__',
    template: () =>
      `{{ request.application.__globals__.__builtins__.__import__('os').popen('id').read() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'jinja-config',
    category: 'jinja2-python',
    source: 'PAT Jinja2 {{ config.items() }}',
    template: () => `{{ config.items() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'jinja-namespace-globals',
    category: 'jinja2-python',
    source: 'HT Jinja2 namespace.__init__.__globals__',
    template: () => `{{ namespace.__init__.__globals__.os.popen('id').read() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'jinja-format-string',
    category: 'jinja2-python',
    source: 'J549 str.format reaching attributes',
    template: () => `{{ "{0.__class__}" | format(x) }}{{ "%s" % x.__class__ }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'jinja-for-subclasses',
    category: 'jinja2-python',
    source: 'PAT Jinja2 {% for c in [].__class__.__base__.__subclasses__() %}',
    template: () =>
      `{% for c in [].__class__.__base__.__subclasses__() %}{{ c.__name__ }}{% endfor %}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),

  // ── Data stays data ──────────────────────────────────────────────────────────────────────
  P({
    id: 'regex-literal',
    category: 'data-not-code',
    source: 'nunjucks r/…/ regex literals (no Jinja2 equivalent)',
    template: () => `{{ r/a/g }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  }),
  P({
    id: 'string-literal-quotes',
    category: 'data-not-code',
    source: 'I9 string literals are escaped, not pasted',
    template: (c) => `{{ "\\";${c.js};\\"" }}`,
    expect: 'inert',
    plainNunjucks: 'harmless',
    exactOutput: (c) => `";${c.js};"`,
  }),
  P({
    id: 'raw-block',
    category: 'data-not-code',
    source: 'I9 raw blocks print their text',
    template: (c) => `{% raw %}{{ range.constructor("${c.js}")() }}{% endraw %}`,
    expect: 'inert',
    plainNunjucks: 'harmless',
    exactOutput: (c) => `{{ range.constructor("${c.js}")() }}`,
  }),
  P({
    id: 'input-is-not-template',
    category: 'data-not-code',
    source: 'SPEC strict rendering: variable content is never evaluated',
    template: () => `{{ t }}|{{ x | upper }}`,
    expect: 'inert',
    plainNunjucks: 'harmless',
    exactOutput: (_c, inputs) => `${inputs.t}|HELLO`,
  }),
]
