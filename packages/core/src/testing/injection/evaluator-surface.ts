/**
 * What a Jinja2-compatible evaluator adds to the attack surface: filters and tests looked up by
 * name (an inherited member is a name too), methods on values, Python string formatting,
 * `loop.cycle`, and the ways a function value can reach the output.
 * @module
 */
import type { InjectionPayload } from './payload'

export const EVALUATOR_SURFACE: readonly InjectionPayload[] = [
  {
    id: 'test-name-inherited',
    category: 'prototype-access',
    source: 'I9 a test table read past its own entries',
    template: () => `{% if x is constructor %}y{% endif %}{% if x is toString %}z{% endif %}ok`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'map-filter-name-variable',
    category: 'attribute-filter',
    source: 'J549 map(name) calls a filter named at render time',
    template: () => `{{ items | map(k) | list }}{{ items | map("__defineGetter__") | list }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'select-test-name',
    category: 'attribute-filter',
    source: 'J549 select(name) calls a test named by a string',
    template: () => `{{ items | select("constructor") | list }}{{ items | reject(k) | list }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'dict-get-prototype-key',
    category: 'prototype-access',
    source: 'I9 .get() reads own data properties only',
    template: () => `{{ d.get(k) }}{{ d.get("__proto__") }}{{ d.get("toString") }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'str-format-attribute',
    category: 'jinja2-python',
    source: 'J549 "{0.__class__}".format(x) reads attributes inside the format string',
    template: () => `{{ "{0.constructor.constructor}".format(x) }}{{ "{0.__class__}".format(x) }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'percent-format-mapping',
    category: 'jinja2-python',
    source: 'J549 "%(key)s" % mapping with a prototype key',
    template: () => `{{ "%(constructor)s" % d }}{{ "%(__proto__)s" % d }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'loop-cycle-printed',
    category: 'function-source',
    source: 'I9 loop.cycle is callable, never printable',
    template: () => `{% for i in items %}{{ loop.cycle }}{% endfor %}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'function-concatenated',
    category: 'function-source',
    source: 'I9 a function turned into a string by ~ or %',
    template: () => `{{ range ~ "" }}{{ "%s" % cycler }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'prints-function',
  },
  {
    id: 'method-as-value',
    category: 'function-source',
    source: 'I9 a bound method stored and printed',
    template: () => `{% set f = x.upper %}{{ f }}{{ [d.items] | first }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'function-serialized',
    category: 'function-source',
    source: 'I9 functions inside serialized values',
    template: () => `{{ {"a": range} | tojson }}{{ [range, cycler] | dump }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
  },
  {
    id: 'namespace-breakout-target',
    category: 'name-injection',
    source: 'I9 the attribute of a {% set ns.attr %} target is a name too',
    template: (c) => `{% set ns = namespace() %}{% set ns.${c.breakout} = 1 %}ok`,
    expect: 'rejected',
    plainNunjucks: 'harmless',
  },
  {
    id: 'namespace-prototype',
    category: 'prototype-access',
    source: 'I9 namespace() attributes are own data, never a prototype',
    template: () =>
      `{% set ns = namespace(__proto__=d) %}{% set ns2 = namespace() %}{% set ns2.__proto__ = d %}{{ ns.key }}{{ ns2.key }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
    forbiddenOutput: ['value'],
  },
  {
    id: 'set-attribute-on-input',
    category: 'prototype-access',
    source: "I9 {% set x.attr %} on an input would change the caller's data",
    template: () => `{% set d.key = "CHANGED" %}{% set items.x = "CHANGED" %}{{ d.key }}`,
    expect: 'rejected-or-inert',
    plainNunjucks: 'harmless',
    forbiddenOutput: ['CHANGED'],
  },
]
