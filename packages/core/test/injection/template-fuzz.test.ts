/**
 * Property: no template, however mangled, makes the loader or the renderer generate code. Random
 * token sequences (template delimiters, keywords, names with quotes, backticks and backslashes,
 * operators, filters, literals) go through `parsePromptObject`, `compilePrompt` and `render`
 * while `Function`, `eval` and `Function.prototype.constructor` are replaced by throwing spies.
 * The run fails if a spy is reached (even when the error it throws is caught and wrapped), or if
 * anything throws an error that is not a CanonError.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compilePrompt, isCanonError, parsePromptObject } from '../../src'

const INPUTS = {
  x: 'hello',
  k: 'constructor',
  path: 'constructor.constructor',
  items: [{ name: 'a' }, { name: 'b' }],
  d: { key: 'value' },
}
const INPUT_SPECS = {
  x: { type: 'string', required: true },
  k: { type: 'string', required: true },
  path: { type: 'string', required: true },
  items: { type: 'array', required: true },
  d: { type: 'object', required: true },
}

const TOKENS = [
  // delimiters and text
  ...['{{', '}}', '{%', '%}', '{#', '#}', '{{-', '-}}', '{%-', '-%}', ' ', '\n', 'text'],
  // keywords
  ...['for', 'in', 'endfor', 'if', 'elif', 'else', 'endif', 'set', 'endset', 'macro'],
  ...['endmacro', 'call', 'endcall', 'include', 'import', 'from', 'extends', 'block'],
  ...['endblock', 'raw', 'endraw', 'filter', 'endfilter', 'is', 'not', 'and', 'or', 'as'],
  ...['with', 'without', 'context', 'ignore', 'missing', 'recursive'],
  // names, valid and not
  ...['x', 'k', 'path', 'items', 'd', 'i', 'loop', 'range', 'cycler', 'joiner', 'caller'],
  ...['super', 'self', 'constructor', '__proto__', 'prototype', 'toString', '__class__'],
  ...['Function', 'eval', 'process', 'global', 'this', 'lipsum', 'config'],
  ...['a"', 'a`', 'a\\', 'a&b', 'a$', 'é', 'a";', 'a"&Function`x```&"', "a'"],
  // A template-literal placeholder inside a name, as JavaScript would read it.
  `a\`\${1}\``,
  // operators and punctuation
  ...['.', '[', ']', '(', ')', ',', ':', '|', '=', '==', '!=', '~', '+', '-', '*', '/'],
  ...['//', '%', '**', '<', '>', '?', '!'],
  // filters and their keyword arguments
  ...['sort', 'join', 'map', 'select', 'selectattr', 'rejectattr', 'groupby', 'sum', 'first'],
  ...['last', 'list', 'string', 'attribute', 'default', 'upper', 'dictsort', 'unique', 'safe'],
  ...['dump', 'tojson', 'attr', 'format', 'replace', 'length', 'batch', 'slice', 'items'],
  // literals
  ...['"constructor"', "'x'", '"\\""', '"`"', '"\\\\"', '1', '0', '-1', '1.5', 'true'],
  ...['True', 'none', 'None', '[]', '{}', 'r/a/g', '"__proto__"'],
  // what the Jinja2 evaluator adds: methods, formatting, escapes, loop helpers
  ...['get', 'keys', 'values', 'split', 'cycle', 'index', 'namespace', '"%s"', '"{0}"'],
  ...['"\\x7b\\x7b"', '"\\u0022"', '"%(constructor)s"', '"{0.constructor}"'],
]

/** Snippets that parse, so random sequences often reach the evaluator, not just the parser. */
const SNIPPETS = [
  '{{ x }}',
  '{{ items | sort(attribute=k) | first }}',
  '{% for i in items %}',
  '{% endfor %}',
  '{% set a = ',
  ' %}',
  '{% macro m(p=1) %}',
  '{% endmacro %}',
  '{{ m() }}',
  '{% if x %}',
  '{% endif %}',
  '{{ d[k] }}',
  '{{ x.upper() }}',
  '{{ range(3) | join(",") }}',
]

const template = fc
  .array(
    fc.tuple(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, fc.constantFrom(...SNIPPETS)),
      fc.constantFrom('', ' '),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.map(([token, gap]) => token + gap).join(''))

/** Loads and renders one template, as the CLI and the SDK do. */
function loadAndRender(source: string): void {
  const { prompt } = parsePromptObject(
    {
      name: 'fuzz',
      version: 1,
      inputs: INPUT_SPECS,
      model: { provider: 'mock', name: 'mock-1' },
      template: source,
    },
    'fuzz.yaml',
  )
  if (!prompt) return
  compilePrompt(prompt).render(INPUTS)
}

/** Taken before any trap: once `globalThis.Function` is a trap, `Function.prototype` is its. */
const FUNCTION_PROTOTYPE: object = Function.prototype

/**
 * Runs `fn` with code generation from strings trapped; returns what reached the traps. The traps
 * record before throwing, so a caller that swallows the error is still caught.
 */
function withCodeGenerationTrapped(fn: () => void): string[] {
  const reached: string[] = []
  const g = globalThis as Record<string, unknown>
  const saved = {
    Function: g.Function,
    eval: g.eval,
    constructor: Object.getOwnPropertyDescriptor(FUNCTION_PROTOTYPE, 'constructor'),
  }
  const trap = (name: string) =>
    function trapped(...args: unknown[]) {
      reached.push(`${name}(${args.map((a) => String(a).slice(0, 80)).join(', ')})`)
      throw new Error(`${name} reached`)
    }
  g.Function = trap('Function')
  g.eval = trap('eval')
  Object.defineProperty(FUNCTION_PROTOTYPE, 'constructor', {
    value: trap('Function.prototype.constructor'),
    configurable: true,
    writable: true,
  })
  try {
    fn()
  } finally {
    g.Function = saved.Function
    g.eval = saved.eval
    if (saved.constructor)
      Object.defineProperty(FUNCTION_PROTOTYPE, 'constructor', saved.constructor)
  }
  return reached
}

describe('random templates never generate code', () => {
  it('the traps catch code generation, even when the error is swallowed', () => {
    const reached = withCodeGenerationTrapped(() => {
      try {
        // Any code path that compiles a string the way nunjucks does.
        ;new (globalThis as unknown as { Function: FunctionConstructor }).Function('return 1')
      } catch {}
      try {
        ;(() => {}).constructor('return 2')
      } catch {}
    })
    expect(reached).toEqual(['Function(return 1)', 'Function.prototype.constructor(return 2)'])
    expect(typeof new Function('return 3')).toBe('function')
  })

  it('loader and renderer reach neither Function nor eval, and fail only with CanonErrors', () => {
    // Schemas and caches that compile lazily do it now, outside the traps.
    loadAndRender('{{ x }}')
    fc.assert(
      fc.property(template, (source) => {
        const reached = withCodeGenerationTrapped(() => {
          try {
            loadAndRender(source)
          } catch (err) {
            if (!isCanonError(err)) throw err
          }
        })
        expect(reached, source).toEqual([])
      }),
      { numRuns: 2000 },
    )
  }, 60_000)
})
