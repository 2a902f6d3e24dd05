import { afterEach, describe, expect, it } from 'vitest'
import { type CanonError, isCanonError } from '../errors'
import type { PromptDefinition } from '../model'
import { analyzeTemplate } from './analyze-template'
import { compilePrompt } from './compile-prompt'
import { compileTemplate } from './compile-template'
import { copyVars } from './template-vars'

const origin = { file: 'prompts/evil.yaml', line: 4, col: 3 }

/** Set by a payload if it ever runs. */
const PWNED = '__canonTemplateEscape'
afterEach(() => {
  expect((globalThis as Record<string, unknown>)[PWNED]).toBeUndefined()
})

function def(template: string, inputs: PromptDefinition['inputs'] = {}): PromptDefinition {
  return { name: 'Evil', version: 1, tags: [], owners: [], model: {}, inputs, template }
}

function thrown(fn: () => unknown): CanonError {
  try {
    fn()
  } catch (err) {
    if (isCanonError(err)) return err
    throw err
  }
  throw new Error('expected a CanonError')
}

const anyInput = { type: 'object', required: false } as const
const render = (src: string, vars: Record<string, unknown>) =>
  compileTemplate(src, origin).renderChecked(copyVars(vars))
const pwn = () => {
  ;(globalThis as Record<string, unknown>)[PWNED] = 1
}

describe('classic sandbox escapes are rejected by analysis (validate, publish, SDK load)', () => {
  it.each([
    [
      "{{ x.constructor.constructor('globalThis.__canonTemplateEscape = 1')() }}",
      'access to `constructor` is not allowed in templates (it could reach the Function constructor)',
    ],
    [
      '{{ range.constructor("globalThis.__canonTemplateEscape = 1")() }}',
      'access to `constructor` is not allowed in templates',
    ],
    ['{{ cycler.constructor }}', 'access to `constructor` is not allowed'],
    ['{{ joiner.prototype }}', 'access to `prototype` is not allowed'],
    [
      '{{ x.__proto__ }}',
      'access to `__proto__` is not allowed in templates (it could reach and modify shared prototypes)',
    ],
    ["{{ x['constructor'] }}", 'access to `constructor` is not allowed'],
    ['{{ x[r/constructor/] }}', 'regular expression literals (`r/…/`) are a nunjucks feature'],
    ['{% include "/etc/passwd" %}', '`{% include %}` is not allowed in templates'],
    // Names are pasted into nothing any more, and still must be plain identifiers.
    ['{% set a"b = 1 %}', 'invalid `{% set %}` target name "a\\"b"'],
    ['{% set a`b = 1 %}', 'invalid `{% set %}` target name "a`b"'],
    ['{% for x` in y %}{% endfor %}', 'invalid loop variable name "x`"'],
    ['{% macro m(a\\b) %}{% endmacro %}', 'invalid parameter name'],
    ['{% set x %}{% endset %}{{ xs | sort(attribute="a.constructor") }}', '`constructor`'],
    ['{{ xs | map(attribute="__proto__") | list }}', '`__proto__`'],
    ['{{ "x".toString() }}', 'the method `.toString()` is not supported in templates'],
  ])('%s', (src, message) => {
    const { diagnostics } = analyzeTemplate(src, origin)
    expect(diagnostics.length).toBeGreaterThan(0)
    expect(diagnostics.every((d) => d.severity === 'error' && d.code === 'template-unsafe')).toBe(
      true,
    )
    expect(diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining(message))
    // And a prompt carrying it never compiles.
    const inputs = { x: anyInput, xs: { type: 'array', required: false } as const, y: anyInput }
    const err = thrown(() => compilePrompt(def(src, inputs)))
    expect(err.code).toBe('TEMPLATE_UNSAFE')
    expect(err.message).toContain(message)
  })

  it('points at the offending key in the file', () => {
    const [d] = analyzeTemplate('Hello\n  {{ user.__proto__ }}', origin).diagnostics
    expect(d).toMatchObject({ file: 'prompts/evil.yaml', line: 5, col: 13 })
  })
})

describe('render time: only own data properties, and nothing callable but the engine’s own', () => {
  it('a computed key reads own data only: `constructor` built at run time finds nothing', () => {
    // Built from literals, analysis sees it and names it…
    expect(
      analyzeTemplate("{{ x['constr' ~ 'uctor'] }}", origin).diagnostics[0]?.message,
    ).toContain('computed key: access to `constructor` is not allowed')
    // …built from data, the lookup finds no own data property.
    const parts = { x: {}, a: 'constr', b: 'uctor' }
    expect(analyzeTemplate('{{ x[a ~ b] }}', origin).diagnostics).toEqual([])
    expect(render('{{ x[a ~ b] is defined }}', parts)).toBe('False')
    expect(
      render('{{ x[k] is defined }}|{{ s[k] is defined }}', { x: {}, s: 'a', k: '__proto__' }),
    ).toBe('False|False')
    const err = thrown(() => render("{{ x[a ~ b][a ~ b]('globalThis.x = 1')() }}", parts))
    expect(err.code).toBe('RENDER_FAILED')
  })

  it('never calls a function found in data, and never prints one', () => {
    const payload = { next: pwn, toString: pwn, valueOf: pwn }
    expect(thrown(() => render('{{ p.next() }}', { p: payload })).message).toContain(
      '`p.next` is not callable',
    )
    expect(thrown(() => render('{{ p.next }}', { p: payload })).message).toContain(
      'cannot print functions',
    )
    expect(thrown(() => render('{{ range(3) }}{{ range(p) }}', { p: payload })).code).toBe(
      'RENDER_FAILED',
    )
  })

  it('an input named like a global shadows it and cannot be called', () => {
    expect(thrown(() => render('{{ range(3) }}', { range: pwn })).message).toContain(
      '`range` is not callable',
    )
  })

  it('prints no function: globals, methods and filters results are refused, not shown as source', () => {
    for (const src of [
      '{{ [range]|sort|first }}',
      '{{ range }}',
      '{{ "a".upper }}',
      '{{ {}.items }}',
    ]) {
      expect(thrown(() => render(src, {})).message, src).toMatch(/cannot print functions/)
    }
  })

  it('filters that take an attribute name read own data only', () => {
    const xs = [{ t: 'b' }, { t: 'a' }]
    // Every key is Undefined, which Python cannot order: an error, as in Jinja2, never a read.
    expect(
      thrown(() => render('{{ xs|sort(false, false, k)|first }}', { xs, k: 'constructor' }))
        .message,
    ).toContain("'<' not supported between instances of 'Undefined' and 'Undefined'")
    expect(render('{{ xs|selectattr(k)|list|length }}', { xs, k: 'constructor' })).toBe('0')
    expect(render('{{ xs|map(attribute=k)|list }}', { xs, k: '__proto__' })).toBe(
      '[Undefined, Undefined]',
    )
    expect(thrown(() => render('{{ xs | groupby(k) }}', { xs, k: pwn })).message).toContain(
      'attribute must be a string or an integer',
    )
  })

  it('never resolves Object.prototype members as variables or attributes', () => {
    expect(thrown(() => render('{{ toString }}', {})).message).toContain(
      'attempted to output an undefined value',
    )
    expect(render('{{ x.hasOwnProperty is defined }}{{ x.valueOf is defined }}', { x: {} })).toBe(
      'FalseFalse',
    )
  })

  it('never runs a getter of the data it reads', () => {
    const x = Object.defineProperty({}, 'secret', { get: pwn, enumerable: true })
    expect(render('{{ x.secret is defined }}', { x })).toBe('False')
  })
})

describe('a template cannot stall or exhaust the app', () => {
  it.each([
    ['{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}', 'macro calls nest deeper than 200'],
    ["{{ 'x' * 100000000 }}", 'templates are limited to 10000000'],
    ['{{ [1] * 20000000 }}', 'templates are limited to 10000000'],
    ['{{ range(1000000000)|length }}', 'range() is limited to 100000 items'],
  ])('%s fails fast with a render error', (src, message) => {
    const started = Date.now()
    const err = thrown(() => render(src, {}))
    expect(err.code).toBe('RENDER_FAILED')
    expect(err.message).toMatch(/^template line 1, column \d+: /)
    expect(err.message).toContain(message)
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
