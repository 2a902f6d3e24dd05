import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../diagnostics'
import { analyzeTemplate } from './analyze-template'

const origin = { file: 'prompts/a.yaml', line: 10, col: 3 }
const vars = (src: string) => analyzeTemplate(src, origin).variables
const messages = (src: string) => analyzeTemplate(src, origin).diagnostics.map(formatDiagnostic)

describe('analyzeTemplate variables', () => {
  it('lists the free variables a template reads, sorted and unique', () => {
    expect(vars('{{ user.name }} wrote {{ ticket }} about {{ user.plan | upper }}')).toEqual([
      'ticket',
      'user',
    ])
  })

  it('leaves out loop variables, loop, set targets, macro parameters and globals', () => {
    const src = [
      '{% for item in items %}{{ loop.index }}. {{ item.title }}{% endfor %}',
      '{% for k, v in meta %}{{ k }}={{ v }}{% endfor %}',
      '{% set greeting = "Hi " ~ name %}{{ greeting }}',
      '{% macro row(label, value="-") %}{{ label }}: {{ value }} {{ suffix }}{% endmacro %}',
      '{{ row("a", 1) }}',
      '{% for i in range(3) %}{{ i }}{% endfor %}',
      '{% set c = cycler("odd", "even") %}{{ c.next() }}',
    ].join('\n')
    expect(vars(src)).toEqual(['items', 'meta', 'name', 'suffix'])
  })

  it('treats macro bodies as Jinja2 runs them: they see the scope they are defined in', () => {
    const src =
      '{% set lang = "en" %}{% for item in items %}{% macro show() %}{{ lang }} {{ item }}{% endmacro %}{{ show() }}{% endfor %}'
    expect(vars(src)).toEqual(['items'])
  })

  it('counts a variable read before a set of the same name, and in a for-else branch', () => {
    expect(vars('{{ x }}{% set x = 1 %}{{ x }}')).toEqual(['x'])
    expect(vars('{% for i in xs %}{{ i }}{% else %}{{ i }}{% endfor %}')).toEqual(['i', 'xs'])
  })

  it('reads through if/elif, loop filters, inline if, filter arguments, tests and dict values', () => {
    const src = `{% if a %}{% elif b > c %}{% endif %}{% for x in d if x > e %}{{ f }}{% endfor %}
{{ g if h else i }}{{ j | replace(k, l) }}{{ m is divisibleby(n) }}{{ { "key": o }.key }}{% set s %}{{ p }}{% endset %}`
    expect(vars(src)).toEqual('abcdefghijklmnop'.split(''))
  })

  it('returns no variables and one diagnostic when the template does not parse', () => {
    expect(analyzeTemplate('{{ x', origin)).toEqual({
      variables: [],
      diagnostics: [expect.objectContaining({ code: 'template-syntax', severity: 'error' })],
    })
  })
})

describe('analyzeTemplate syntax errors', () => {
  it('reports parse errors at their file position (origin line + template line - 1)', () => {
    expect(messages('line one\nline two {{ a +* b }}')).toEqual([
      'prompts/a.yaml:11:18: error: template syntax error: unexpected token: *',
    ])
  })

  it('reports unknown tags with the tags templates support', () => {
    const [d] = messages('ok\n{% bogus %}')
    expect(d).toMatch(
      /^prompts\/a\.yaml:11:\d+: error: template syntax error: unknown block tag: bogus/,
    )
    expect(d).toContain('templates support if, for')
  })

  it('reports errors found at end of input (unclosed tags and comments) where the input ends', () => {
    expect(messages('a\n  {{ x')).toEqual([
      'prompts/a.yaml:11:9: error: template syntax error: expected variable end',
    ])
    expect(messages('{% if x %}never closed')[0]).toMatch(
      /^prompts\/a\.yaml:10:\d+: error: template syntax error: expected elif, else, or endif, got end of file/,
    )
    expect(messages('{# comment')[0]).toContain('expected end of comment, got end of file')
  })
})

describe('analyzeTemplate safety', () => {
  it('rejects unknown filters with a suggestion, and the non-deterministic random filter', () => {
    expect(messages('{{ x | uppr }}')).toEqual([
      'prompts/a.yaml:10:10: error: unknown filter `uppr` (did you mean `upper`?)',
    ])
    expect(messages('{{ xs | random }}')[0]).toContain(
      'filter `random` is not allowed in templates (rendered prompts must be deterministic',
    )
  })

  it('accepts the Jinja2 filters prompts use, and points nunjucks-only ones to tojson', () => {
    const src =
      '{{ a | trim | lower | truncate(20) }}{{ b | join(", ", attribute="n") }}{{ c | default("n/a", true) }}{{ d | tojson(2) }}{{ f | length }}'
    expect(analyzeTemplate(src, origin).diagnostics).toEqual([])
    expect(messages('{{ d | json }}')[0]).toContain('use `tojson`')
    expect(messages('{{ d | dump }}')[0]).toContain('use `tojson`')
  })

  it('rejects unknown tests', () => {
    expect(messages('{% if x is oddd %}{% endif %}')[0]).toContain(
      'unknown test `oddd` (did you mean `odd`?)',
    )
    expect(
      analyzeTemplate('{% if x is odd and y is defined %}{% endif %}', origin).diagnostics,
    ).toEqual([])
  })

  it.each([
    ['{% include "/etc/passwd" %}', '`{% include %}` is not allowed'],
    ['{% import "macros.njk" as m %}', '`{% import %}` is not allowed'],
    ['{% from "macros.njk" import row %}', '`{% from … import %}` is not allowed'],
    ['{% extends "base.njk" %}', '`{% extends %}` is not allowed'],
  ])('rejects file access: %s', (src, message) => {
    const [d] = messages(src)
    expect(d).toContain(message)
    expect(d).toContain('templates cannot read files')
  })

  it('rejects assignment to anything but a plain name or a namespace attribute', () => {
    expect(messages('{% set x[0] = 1 %}')[0]).toContain('a `{% set %}` target must be a plain name')
    expect(messages('{% set x.y.z = 1 %}')[0]).toContain('only `{% set name.attribute = … %}`')
    expect(messages('{% set ns.__proto__ = 1 %}')[0]).toContain(
      'access to `__proto__` is not allowed',
    )
    expect(
      vars(
        '{% set ns = namespace(n=0) %}{% for x in xs %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.n }}',
      ),
    ).toEqual(['xs'])
  })

  it('rejects forbidden names as variables, loop targets, dict keys and filter attributes', () => {
    expect(messages('{{ constructor }}')[0]).toContain('access to `constructor` is not allowed')
    expect(messages('{% for __proto__ in xs %}{% endfor %}')[0]).toContain('`__proto__`')
    expect(messages('{{ { "__proto__": x } }}')[0]).toContain('`__proto__`')
    expect(messages('{{ xs | groupby("a.constructor") }}')[0]).toContain('`constructor`')
    expect(messages('{{ xs | join(",", "prototype") }}')[0]).toContain('`prototype`')
  })

  it('allows calling macros, caller() and range/cycler/joiner', () => {
    const src = `{{ greet("a") }}{% macro greet(n) %}Hi {{ n }}{{ caller() if caller }}{% endmacro %}
{% call greet("b") %}!{% endcall %}{% set sep = joiner(", ") %}{% for x in range(2) %}{{ sep() }}{{ x }}{% endfor %}
{% set c = cycler(1, 2) %}{{ c.next() }}{{ c.reset() }}`
    expect(analyzeTemplate(src, origin).diagnostics).toEqual([])
  })

  it('rejects methods outside the allow-list, and nunjucks-only tags and operators', () => {
    expect(messages('{{ name.toUpperCase() }}')[0]).toContain(
      'the method `.toUpperCase()` is not supported',
    )
    expect(messages('{% set c = cycler(1) %}{{ c.current() }}')[0]).toContain(
      'the method `.current()`',
    )
    expect(messages('{% switch x %}{% case 1 %}a{% endswitch %}')[0]).toContain(
      '`{% switch %}` is a nunjucks tag',
    )
    expect(messages('{{ a === b }}')[0]).toContain('`===` is a nunjucks operator')
    expect(messages('{% block b %}x{% endblock %}')[0]).toContain('`{% block %}` is not supported')
  })

  it('rejects what nunjucks parses differently from Jinja2 instead of rendering it differently', () => {
    expect(messages('{{ a + 1 is odd }}')[0]).toContain(
      'write parentheses around the left side of `is`',
    )
    expect(messages('{% for x in xs if x else ys %}{% endfor %}')[0]).toContain('loop filter')
    expect(messages('{{ {a: 1} }}')[0]).toContain('write the key as a string')
  })
})
