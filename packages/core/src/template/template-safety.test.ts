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

describe('classic sandbox escapes are rejected by analysis (validate, publish, SDK load)', () => {
  it.each([
    [
      "{{ x.constructor.constructor('globalThis.__canonTemplateEscape = 1')() }}",
      'access to `constructor` is not allowed in templates (it can reach the Function constructor)',
    ],
    [
      '{{ range.constructor("globalThis.__canonTemplateEscape = 1")() }}',
      'access to `constructor` is not allowed in templates (it can reach the Function constructor)',
    ],
    ['{{ cycler.constructor }}', 'access to `constructor` is not allowed'],
    ['{{ joiner.prototype }}', 'access to `prototype` is not allowed'],
    [
      '{{ x.__proto__ }}',
      'access to `__proto__` is not allowed in templates (it can reach and modify shared prototypes)',
    ],
    ["{{ x['constructor'] }}", 'access to `constructor` is not allowed'],
    [
      "{{ x['constr' + 'uctor'] }}",
      'computed member access is only allowed with a literal or a plain variable',
    ],
    ['{{ x[a ~ b] }}', 'computed member access is only allowed with a literal or a plain variable'],
    ['{{ x[r/constructor/] }}', 'computed member access is only allowed'],
    ['{% include "/etc/passwd" %}', '`{% include %}` is not allowed in templates'],
  ])('%s', (src, message) => {
    const { diagnostics } = analyzeTemplate(src, origin)
    expect(diagnostics.length).toBeGreaterThan(0)
    expect(diagnostics.every((d) => d.severity === 'error' && d.code === 'template-unsafe')).toBe(
      true,
    )
    expect(diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining(message))
    // And a prompt carrying it never compiles.
    const err = thrown(() => compilePrompt(def(src, { x: anyInput, a: anyInput, b: anyInput })))
    expect(err.code).toBe('TEMPLATE_UNSAFE')
    expect(err.message).toContain(message)
  })

  it('points at the offending key in the file', () => {
    const [d] = analyzeTemplate('Hello\n  {{ user.__proto__ }}', origin).diagnostics
    expect(d).toMatchObject({ file: 'prompts/evil.yaml', line: 5, col: 13 })
  })
})

describe('defense in depth at render time', () => {
  const render = (src: string, vars: Record<string, unknown>) =>
    compileTemplate(src, origin).renderChecked(copyVars(vars))

  it('refuses a variable key that turns out to be `constructor` at run time', () => {
    expect(analyzeTemplate('{{ x[k] }}', origin).diagnostics).toEqual([])
    const err = thrown(() =>
      compilePrompt(
        def('{{ x[k] }}', { x: anyInput, k: { type: 'string', required: true } }),
      ).renderText({
        x: {},
        k: 'constructor',
      }),
    )
    expect(err.code).toBe('TEMPLATE_UNSAFE')
    expect(err.message).toContain('access to `constructor` is not allowed')
  })

  it('refuses keys that only become `__proto__` when converted to a string', () => {
    const sneaky = { toString: () => '__proto__' }
    expect(thrown(() => render('{{ x[k] }}', { x: {}, k: sneaky })).message).toContain(
      '`__proto__`',
    )
  })

  it('refuses to call values that analysis could not see: a macro parameter posing as a cycler', () => {
    const src =
      '{% set c = cycler(1) %}{% macro m(c) %}{{ c.next() }}{% endmacro %}{{ m(payload) }}'
    expect(analyzeTemplate(src, origin).diagnostics).toEqual([])
    const payload = {
      next: () => {
        ;(globalThis as Record<string, unknown>)[PWNED] = 1
      },
    }
    const err = thrown(() => render(src, { payload }))
    expect(err.code).toBe('TEMPLATE_UNSAFE')
    expect(err.message).toContain('calling `c["next"]` is not allowed')
  })

  it('refuses to call an input that shadows a global', () => {
    const range = () => {
      ;(globalThis as Record<string, unknown>)[PWNED] = 1
    }
    expect(thrown(() => render('{{ range(3) }}', { range })).message).toContain(
      'calling `range` is not allowed',
    )
  })

  it('refuses to let groupby call a function value', () => {
    const key = () => {
      ;(globalThis as Record<string, unknown>)[PWNED] = 1
    }
    expect(thrown(() => render('{{ xs | groupby(key) }}', { xs: [1], key })).message).toContain(
      'groupby() takes an attribute name, not a function',
    )
    expect(
      render('{% for k, v in xs | groupby("t") %}{{ k }}={{ v | length }} {% endfor %}', {
        xs: [{ t: 'a' }, { t: 'b' }, { t: 'a' }],
      }),
    ).toBe('a=2 b=1 ')
  })

  it('never resolves Object.prototype members as variables', () => {
    expect(thrown(() => render('{{ toString }}', {})).message).toContain(
      'attempted to output an undefined value',
    )
  })
})
