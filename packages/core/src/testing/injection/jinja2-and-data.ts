/**
 * Jinja2 (Python) payloads, which must be rejected or render inertly, and data that must stay data.
 * @module
 */
import type { InjectionPayload } from './payload'

export const JINJA2_AND_DATA: readonly InjectionPayload[] = [
  {
    id: 'jinja-class-mro-subclasses',
    category: 'jinja2-python',
    source: "PAT Jinja2 ''.__class__.__mro__[1].__subclasses__()",
    template: () => `{{ ''.__class__.__mro__[1].__subclasses__() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'jinja-class-base',
    category: 'jinja2-python',
    source: 'PAT Jinja2 x.__class__.__base__',
    template: () => `{{ x.__class__.__base__ }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'jinja-cycler-globals',
    category: 'jinja2-python',
    source: 'PAT Jinja2 cycler.__init__.__globals__.os.popen',
    template: () => `{{ cycler.__init__.__globals__.os.popen('id').read() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'jinja-joiner-globals',
    category: 'jinja2-python',
    source: 'PAT Jinja2 joiner.__init__.__globals__',
    template: () => `{{ joiner.__init__.__globals__.os.popen('id').read() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'jinja-self-template-reference',
    category: 'jinja2-python',
    source: 'HT Jinja2 self._TemplateReference__context',
    template: () => `{{ self._TemplateReference__context.cycler.__init__.__globals__.os }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'jinja-lipsum',
    category: 'jinja2-python',
    source: "PAT Jinja2 lipsum.__globals__['os']",
    template: () => `{{ lipsum.__globals__['os'].popen('id').read() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'jinja-request',
    category: 'jinja2-python',
    source: 'HT Jinja2 (Flask) request.application.__globals__',
    template: () =>
      `{{ request.application.__globals__.__builtins__.__import__('os').popen('id').read() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'jinja-config',
    category: 'jinja2-python',
    source: 'PAT Jinja2 {{ config.items() }}',
    template: () => `{{ config.items() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'jinja-namespace-globals',
    category: 'jinja2-python',
    source: 'HT Jinja2 namespace.__init__.__globals__',
    template: () => `{{ namespace.__init__.__globals__.os.popen('id').read() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'jinja-format-string',
    category: 'jinja2-python',
    source: 'J549 str.format reaching attributes',
    template: () => `{{ "{0.__class__}" | format(x) }}{{ "%s" % x.__class__ }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'jinja-for-subclasses',
    category: 'jinja2-python',
    source: 'PAT Jinja2 {% for c in [].__class__.__base__.__subclasses__() %}',
    template: () =>
      `{% for c in [].__class__.__base__.__subclasses__() %}{{ c.__name__ }}{% endfor %}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },

  // ── Data stays data ──────────────────────────────────────────────────────────────────────
  {
    id: 'regex-literal',
    category: 'data-not-code',
    source: 'nunjucks r/…/ regex literals (no Jinja2 equivalent)',
    template: () => `{{ r/a/g }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'string-literal-quotes',
    category: 'data-not-code',
    source: 'I9 string literals are escaped, not pasted',
    template: (c) => `{{ "\\";${c.js};\\"" }}`,
    expect: 'inert',
    plainNunjucks: 'harmless',
    exactOutput: (c) => `";${c.js};"`,
  },
  {
    id: 'raw-block',
    category: 'data-not-code',
    source: 'I9 raw blocks print their text',
    template: (c) => `{% raw %}{{ range.constructor("${c.js}")() }}{% endraw %}`,
    expect: 'inert',
    plainNunjucks: 'harmless',
    exactOutput: (c) => `{{ range.constructor("${c.js}")() }}`,
  },
  {
    id: 'input-is-not-template',
    category: 'data-not-code',
    source: 'SPEC strict rendering: variable content is never evaluated',
    template: () => `{{ t }}|{{ x | upper }}`,
    expect: 'inert',
    plainNunjucks: 'harmless',
    exactOutput: (_c, inputs) => `${inputs.t}|HELLO`,
  },
]
