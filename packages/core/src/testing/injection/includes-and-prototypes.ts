/**
 * include / import / extends, prototype access, and values that print a function.
 * @module
 */
import type { InjectionPayload } from './payload'

export const INCLUDES_AND_PROTOTYPES: readonly InjectionPayload[] = [
  {
    id: 'include-file',
    category: 'include-import-extends',
    source: 'PAT Nunjucks (read files through the loader)',
    template: () => `{% include "/etc/passwd" %}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'include-variable',
    category: 'include-import-extends',
    source: 'HT (template name from input)',
    template: () => `{% include x ignore missing %}ok`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'import-as',
    category: 'include-import-extends',
    source: 'HT',
    template: () => `{% import "macros.njk" as m %}{{ m.f() }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'from-import-breakout',
    category: 'include-import-extends',
    source: 'I9 from-import name (pasted into generated JavaScript)',
    template: (c) => `{% from "macros.njk" import f as ${c.breakout} %}ok`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'extends',
    category: 'include-import-extends',
    source: 'HT',
    template: () => `{% extends "base.njk" %}{% block body %}x{% endblock %}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },

  // ── Prototype access ─────────────────────────────────────────────────────────────────────
  {
    id: 'proto-dict-key',
    category: 'prototype-access',
    source: 'I9 __proto__ in a dict literal',
    template: () => `{% set o = {"__proto__": { "polluted": "POLLUTED" } } %}{{ o.polluted }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
    forbiddenOutput: ['POLLUTED'],
  },
  {
    id: 'constructor-dict-key',
    category: 'prototype-access',
    source: 'I9 constructor in a dict literal',
    template: () => `{% set o = {"constructor": "own"} %}{{ o.constructor }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'proto-lookup',
    category: 'prototype-access',
    source: 'NJ338',
    template: () => `{{ x.__proto__ }}{{ d["__proto__"] }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'prototype-lookup',
    category: 'prototype-access',
    source: 'NJ1048',
    template: () => `{{ range.prototype }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'proto-set-target',
    category: 'prototype-access',
    source: 'I9 __proto__ as a set target',
    template: () => `{% set __proto__ = d %}{{ key }}`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'constructor-set-target',
    category: 'prototype-access',
    source: 'I9 constructor as a set target',
    template: () => `{% set constructor = "c" %}{{ constructor }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'inherited-method',
    category: 'prototype-access',
    source: 'I9 own data properties only (no inherited members)',
    template: () => `{{ d.toString }}{{ d.hasOwnProperty }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  },

  // ── Printing functions ───────────────────────────────────────────────────────────────────
  {
    id: 'sort-first-range',
    category: 'function-source',
    source: 'I9 {{ [range]|sort|first }}',
    template: () => `{{ [range] | sort | first }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  },
  {
    id: 'print-global',
    category: 'function-source',
    source: 'I9 nothing prints a function',
    template: () => `{{ range }}{{ cycler }}{{ joiner }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  },
  {
    id: 'print-macro',
    category: 'function-source',
    source: 'I9 a macro printed as a value',
    template: () => `{% macro m() %}x{% endmacro %}{{ m }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  },
  {
    id: 'print-string-method',
    category: 'function-source',
    source: 'I9 documented string members are callable, never printable',
    template: () => `{{ x.upper }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'string-filter-of-function',
    category: 'function-source',
    source: 'I9 string filter on a function',
    template: () => `{{ joiner | string }}{{ cycler | list | join }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
]
